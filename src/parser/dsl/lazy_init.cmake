# Makes the static initialisation of an ANTLR 4.7-generated lexer or parser lazy.
# Usage: cmake -DFILE=<generated .cpp> -DCLASS=<TwinLexer|TwinParser> -P lazy_init.cmake
# NOTE(dtc): the generated file defines a namespace-scope `Initializer _init` that deserialises
# the ATN and builds the DFA tables before main(): ~3.3M instructions (2% of a DTDL check) in
# every run of dtc-compile, .twin files or not. Here it becomes a function-local static of the
# constructor, built (thread-safely) the first time a lexer or parser is created. The static
# members it fills are all defined earlier in the file, so they are initialised by then.
file(READ ${FILE} content)
set(eager "${CLASS}::Initializer ${CLASS}::_init;")
string(FIND "${content}" "${eager}" at_eager)
string(FIND "${content}" "\n${CLASS}::${CLASS}(" at_ctor)
if(at_eager EQUAL -1 OR at_ctor EQUAL -1)
    message(FATAL_ERROR "lazy_init.cmake: ${FILE} does not have the expected ANTLR 4.7 shape")
endif()
string(SUBSTRING "${content}" ${at_ctor} -1 tail)
string(FIND "${tail}" "{\n" at_body)
math(EXPR split "${at_ctor} + ${at_body} + 2")
string(SUBSTRING "${content}" 0 ${split} head)
string(SUBSTRING "${content}" ${split} -1 rest)
set(lazy "  static const Initializer lazyInit; // lazy_init.cmake\n  (void)lazyInit;\n")
set(content "${head}${lazy}${rest}")
set(note "// ${CLASS}::_init: initialised lazily in the constructor (lazy_init.cmake)")
string(REPLACE "${eager}" "${note}" content "${content}")
file(WRITE ${FILE} "${content}")
