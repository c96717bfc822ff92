# What `cmake --install build --prefix PREFIX` puts in PREFIX:
#   include/quarry/*.h                    the public headers (and nothing internal)
#   lib/libquarry_{query,index,common}.*  static by default, shared with -DBUILD_SHARED_LIBS=ON
#   lib/cmake/quarry/                     find_package(quarry CONFIG): quarry::query, quarry::index
#   lib/pkgconfig/quarry.pc               pkg-config --cflags --libs quarry
#   bin/quarry-index, bin/quarry-search, bin/quarry-serve
# Tests, fuzzers and examples are never installed or exported.
include(CMakePackageConfigHelpers)

set(QUARRY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/quarry)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/quarry
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

install(TARGETS quarry_common quarry_index quarry_query
  EXPORT quarryTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Shared builds: the installed CLIs find the Quarry libraries in PREFIX's
# libdir, and the libraries find each other there (RUNPATH is not inherited),
# wherever PREFIX is.
if(BUILD_SHARED_LIBS)
  file(RELATIVE_PATH quarry_bin_to_lib
    ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
  set_target_properties(quarry-index quarry-search quarry-serve PROPERTIES
    INSTALL_RPATH "$ORIGIN/${quarry_bin_to_lib}")
  set_target_properties(quarry_index quarry_query PROPERTIES INSTALL_RPATH "$ORIGIN")
endif()
install(TARGETS quarry-index quarry-search quarry-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT quarryTargets
  NAMESPACE quarry::
  DESTINATION ${QUARRY_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/quarryConfig.cmake.in
  ${PROJECT_BINARY_DIR}/quarryConfig.cmake
  INSTALL_DESTINATION ${QUARRY_CMAKE_DIR})
# Before 1.0 a minor version may change the API: 0.1.x accepts requests for 0.1 only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/quarryConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/quarryConfig.cmake
  ${PROJECT_BINARY_DIR}/quarryConfigVersion.cmake
  DESTINATION ${QUARRY_CMAKE_DIR})

# pkg-config: the prefix is found from the .pc file's own place, so the file is
# right for any --prefix given at install time. A static library's dependencies
# are needed by every program that links it, so a static build lists them in
# Requires (plain `pkg-config --libs quarry` is enough); a shared build keeps
# them private.
file(RELATIVE_PATH quarry_pc_to_prefix
  ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" quarry_pc_to_prefix "${quarry_pc_to_prefix}")
file(RELATIVE_PATH QUARRY_PC_LIBDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
file(RELATIVE_PATH QUARRY_PC_INCLUDEDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
set(QUARRY_PC_PREFIX "\${pcfiledir}/${quarry_pc_to_prefix}")
set(quarry_pc_requires "xapian-core icu-uc icu-i18n liblz4 zlib libxml-2.0")
if(BUILD_SHARED_LIBS)
  set(QUARRY_PC_LIBS "")
  set(QUARRY_PC_DEPENDENCIES "Requires.private: ${quarry_pc_requires}")
else()
  set(QUARRY_PC_LIBS " -pthread")
  set(QUARRY_PC_DEPENDENCIES "Requires: ${quarry_pc_requires}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/quarry.pc.in ${PROJECT_BINARY_DIR}/quarry.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/quarry.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
