# cmake -DINPUT=page.html -DOUTPUT=page_asset.cc -P embed_page.cmake
# Writes a C++ source that defines quarry::serve::kSearchPage as INPUT's text.
file(READ "${INPUT}" content)
set(delimiter "quarry_page")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from server/page.html by server/embed_page.cmake; edit page.html.\n"
  "#include \"page.h\"\n\n"
  "namespace quarry::serve {\n\n"
  "const char* const kSearchPage = R\"${delimiter}(${content})${delimiter}\";\n\n"
  "}  // namespace quarry::serve\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
