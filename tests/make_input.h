// DocumentInput from its first seven fields, as the tests write documents
// (the fields after body, such as url and authors, stay empty).
#pragma once

#include <string>

#include "quarry/index.h"

inline quarry::DocumentInput make_input(std::string id, std::string kind, std::string title, std::string date,
                                        std::string section, std::string source, std::string body) {
  quarry::DocumentInput in;
  in.id = std::move(id);
  in.kind = std::move(kind);
  in.title = std::move(title);
  in.date = std::move(date);
  in.section = std::move(section);
  in.source = std::move(source);
  in.body = std::move(body);
  return in;
}
