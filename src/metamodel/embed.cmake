# Writes OUT, a C++ source defining dtc::metamodel::kEmbeddedMetamodel from the JSON file IN.
# NOTE(dtc): raw string literals are split into 30000-byte pieces (adjacent literals concatenate)
# so no single literal exceeds what compilers accept comfortably.
file(READ ${IN} content)
string(LENGTH "${content}" len)
set(out "// Generated from ${IN} by embed.cmake. Do not edit.\nnamespace dtc::metamodel {\nextern const char* const kEmbeddedMetamodel;\nconst char* const kEmbeddedMetamodel =\n")
set(pos 0)
while(pos LESS len)
    string(SUBSTRING "${content}" ${pos} 30000 piece)
    string(APPEND out "R\"dtc(${piece})dtc\"\n")
    math(EXPR pos "${pos} + 30000")
endwhile()
string(APPEND out ";\n}\n")
file(WRITE ${OUT} "${out}")
