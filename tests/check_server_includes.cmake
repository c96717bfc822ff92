# cmake -DSERVER_DIR=server -P check_server_includes.cmake
# Fails when a source of quarry-serve includes a header of the libraries'
# internals: the server must be buildable against the installed public API.
cmake_minimum_required(VERSION 3.18)
file(GLOB sources "${SERVER_DIR}/*.cc" "${SERVER_DIR}/*.h")
set(allowed_shared cli_options.h)  # option groups shared by every Quarry CLI
set(bad "")
foreach(source IN LISTS sources)
  file(STRINGS "${source}" lines REGEX "^#include \"")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" header "${line}")
    if(header MATCHES "^quarry/" OR EXISTS "${SERVER_DIR}/${header}" OR header IN_LIST allowed_shared)
      continue()
    endif()
    list(APPEND bad "${source}: ${header}")
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n  " listing)
  message(FATAL_ERROR "quarry-serve includes internal headers:\n  ${listing}")
endif()
list(LENGTH sources count)
message(STATUS "${count} server sources include only public headers")
