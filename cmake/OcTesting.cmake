# oc_add_test: one test definition, run at several MPI rank counts against one expected output.
#
# oc_add_test(NAME <name> COMMAND <target|path> [ARGS ...]
#             [RANKS 1 2 4]         rank counts (default 1 2 4); each becomes <name>_np<N>
#             [SERIAL]              plain program (kernels): no mpiexec, no PETSc options, one run
#             [EXPECTED <file>]     compare stdout with <file> using oc_numdiff (@SHARED@ allowed)
#             [ABS_TOL <a>] [REL_TOL <r>]   numeric tolerances for EXPECTED (default 1e-12, 1e-9)
#             [EXPECT_FAIL]         the command must exit non-zero (bad-input tests)
#             [MATCH <regex>]       the output (stdout+stderr) must match this regular expression
#             [MATCH_TEXT <text>]   the output must contain this text (fixed string)
#             [NEEDS_SHARED <relpath> ...]  skip (with a message) when ../shared/<relpath> is absent
#             [LABELS <label> ...]  unit | regression | validation | slow | harness
#             [TIMEOUT <s>])
#
# Every MPI test runs with -malloc_debug -malloc_dump -options_left; the driver fails the test
# when PETSc reports unfreed memory or an option that was never used.
# In ARGS, @SHARED@ stands for the shared data folder and @SRC@ for the project's source tree.
set(OC_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared data folder (tests that need it skip when absent)")
set(OC_TEST_DRIVER "${PROJECT_SOURCE_DIR}/tests/harness/run_test.sh")
set(OC_SKIP_CODE 77)

function(oc_add_test)
  # PARSE_ARGV keeps arguments with brackets or semicolons (error messages) intact.
  cmake_parse_arguments(PARSE_ARGV 0 T "SERIAL;EXPECT_FAIL" "NAME;COMMAND;EXPECTED;ABS_TOL;REL_TOL;MATCH;MATCH_TEXT;TIMEOUT"
                        "ARGS;RANKS;NEEDS_SHARED;LABELS")
  if(NOT T_NAME OR NOT T_COMMAND)
    message(FATAL_ERROR "oc_add_test needs NAME and COMMAND")
  endif()
  if(NOT T_RANKS)
    set(T_RANKS 1 2 4)
  endif()
  if(T_SERIAL)
    set(T_RANKS 0)
  endif()
  if(NOT T_ABS_TOL)
    set(T_ABS_TOL 1e-12)
  endif()
  if(NOT T_REL_TOL)
    set(T_REL_TOL 1e-9)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  if(TARGET ${T_COMMAND})
    set(exe "$<TARGET_FILE:${T_COMMAND}>")
  else()
    set(exe "${T_COMMAND}")
  endif()
  set(args "")
  foreach(a IN LISTS T_ARGS)
    string(REPLACE "@SHARED@" "${OC_SHARED_DIR}" a "${a}")
    string(REPLACE "@SRC@" "${PROJECT_SOURCE_DIR}" a "${a}")
    list(APPEND args "${a}")
  endforeach()
  set(opts --numdiff "$<TARGET_FILE:oc_numdiff>" --abs "${T_ABS_TOL}" --rel "${T_REL_TOL}")
  if(T_EXPECTED)
    string(REPLACE "@SHARED@" "${OC_SHARED_DIR}" T_EXPECTED "${T_EXPECTED}")
    if(NOT IS_ABSOLUTE "${T_EXPECTED}")
      set(T_EXPECTED "${CMAKE_CURRENT_SOURCE_DIR}/${T_EXPECTED}")
    endif()
    list(APPEND opts --expected "${T_EXPECTED}")
  endif()
  if(T_EXPECT_FAIL)
    list(APPEND opts --expect-fail)
  endif()
  if(T_MATCH)
    list(APPEND opts --match "${T_MATCH}")
  endif()
  if(T_MATCH_TEXT)
    string(REPLACE ";" "\\;" T_MATCH_TEXT "${T_MATCH_TEXT}") # a message may hold semicolons
    list(APPEND opts --match-text "${T_MATCH_TEXT}")
  endif()
  foreach(p IN LISTS T_NEEDS_SHARED)
    list(APPEND opts --needs "${OC_SHARED_DIR}/${p}")
  endforeach()
  foreach(np IN LISTS T_RANKS)
    if(np EQUAL 0)
      set(tname ${T_NAME})
      set(mode --serial)
    else()
      set(tname ${T_NAME}_np${np})
      set(mode --ranks ${np})
    endif()
    add_test(NAME ${tname}
             COMMAND ${OC_TEST_DRIVER} ${mode} ${opts} -- ${exe} ${args}
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(${tname} PROPERTIES SKIP_RETURN_CODE ${OC_SKIP_CODE} TIMEOUT ${T_TIMEOUT}
                         LABELS "${T_LABELS}" PROCESSORS 1)
  endforeach()
endfunction()

# oc_find_python(<var> <python statement>): the first of Debian's /usr/bin/python3 and the python3
# on PATH that runs the statement (e.g. "import h5py, numpy"), or "" when none does. Tests that
# check results with Python need the distribution's packages, which a python3 first on PATH may
# lack.
function(oc_find_python var statement)
  set(found "")
  foreach(candidate /usr/bin/python3 python3)
    execute_process(COMMAND ${candidate} -c "${statement}" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(found ${candidate})
      break()
    endif()
  endforeach()
  set(${var} "${found}" PARENT_SCOPE)
endfunction()
