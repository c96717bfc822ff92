// Compiled only to build the test programs' precompiled header (tests/CMakeLists.txt).
