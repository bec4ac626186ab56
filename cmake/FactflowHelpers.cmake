# Shared CMake helpers: warnings for project code, test registration, embedded SQL migrations.

# Warnings as errors on project code only (dependencies come in as SYSTEM includes).
function(factflow_warnings target)
  # -Wno-restrict: GCC 12 false positive on std::string at -O3 (GCC bug 105329).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror
                         -Wno-missing-field-initializers -Wno-restrict)
  if(FACTFLOW_FUZZ)
    # The fuzz build uses clang, whose warnings differ from GCC's: warnings stay, not errors.
    target_compile_options(${target} PRIVATE -Wno-error -Wno-unknown-warning-option)
  endif()
  if(FACTFLOW_SANITIZE)
    # GCC 12's flow warnings (-Wmaybe-uninitialized, -Wstringop-overflow, -Warray-bounds) give
    # false positives on sanitizer-instrumented code; the normal build keeps them as errors.
    target_compile_options(${target} PRIVATE -Wno-error)
  endif()
endfunction()

# factflow_library(NAME SOURCES ... DEPS ... [INCLUDE dir])
# A static library whose headers are included relative to INCLUDE (default: the current source
# dir, so services/common/money/decimal.h is "money/decimal.h" and a service's
# src/domain/x.h is "domain/x.h" when its CMakeLists.txt sits in src/).
function(factflow_library name)
  cmake_parse_arguments(ARG "" "INCLUDE" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  if(NOT ARG_INCLUDE)
    set(ARG_INCLUDE ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  target_include_directories(${name} PUBLIC ${ARG_INCLUDE})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  factflow_warnings(${name})
endfunction()

# factflow_test(NAME SOURCES ... DEPS ... [LABELS ...])
# A GoogleTest binary registered with CTest. Labels: unit (hermetic), integration (needs the
# PostgreSQL/devbroker started by the test script), e2e (needs the whole stack).
function(factflow_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  factflow_warnings(${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 600)
endfunction()

# factflow_embed_migrations(TARGET DIR NAMESPACE)
# Compiles every DIR/NNNN_name.sql into the target as factflow::db::Migration values, so a
# service binary carries its schema and applies it at start (no files to ship beside it).
function(factflow_embed_migrations target dir)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc)
  set(body "#include \"db/migrations.h\"\n\nnamespace factflow::db {\n\nstd::vector<Migration> ${target}_migrations() {\n  return {\n")
  foreach(f IN LISTS sql_files)
    get_filename_component(fname ${f} NAME_WE)
    string(REGEX MATCH "^[0-9]+" version ${fname})
    # "0100" would be an octal literal in C++: drop the leading zeros.
    string(REGEX REPLACE "^0+([1-9][0-9]*|0)$" "\\1" version "${version}")
    file(READ ${f} content)
    string(APPEND body "      {${version}, \"${fname}\", R\"__sql__(${content})__sql__\"},\n")
  endforeach()
  string(APPEND body "  };\n}\n\n}  // namespace factflow::db\n")
  file(GENERATE OUTPUT ${out} CONTENT "${body}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sql_files})
  target_sources(${target} PRIVATE ${out})
endfunction()

# factflow_executable(NAME SOURCES ... DEPS ...)
# A program of the project (a service, the devbroker, factflowctl), built into build/bin where
# the ./factflow scripts and the Dockerfile look for it.
function(factflow_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
  factflow_warnings(${name})
endfunction()
