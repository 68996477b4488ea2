# Compile options shared by dtc's own targets (not by generated or third-party code).

add_library(dtc_options INTERFACE)
# NOTE(dtc): -Wrestrict has known false positives in GCC 12's libstdc++ string code at -O3
# (GCC bug 105329); it broke the Release -Werror build on std::string concatenation.
target_compile_options(dtc_options INTERFACE -Wall -Wextra -Wpedantic)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(dtc_options INTERFACE -Wno-restrict)
endif()
if(DTC_WERROR)
    target_compile_options(dtc_options INTERFACE -Werror)
endif()
target_include_directories(dtc_options INTERFACE ${PROJECT_SOURCE_DIR}/src)

if(DTC_SANITIZE)
    # NOTE(dtc): sanitizers apply to every target, including generated ANTLR code and tests, so that
    # a finding anywhere in the process is reported; the runtime library comes from the compiler.
    add_compile_options(-fsanitize=${DTC_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${DTC_SANITIZE})
endif()

if(DTC_FUZZ)
    # NOTE(dtc): coverage instrumentation for libFuzzer on every target; only the fuzz executables
    # (fuzz/CMakeLists.txt) link libFuzzer itself with -fsanitize=fuzzer.
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# dtc_add_library(name SOURCES...): a static library for one pipeline stage.
function(dtc_add_library name)
    add_library(${name} STATIC ${ARGN})
    target_link_libraries(${name} PUBLIC dtc_options)
endfunction()
