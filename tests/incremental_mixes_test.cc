// Generated sequences of edits to a small input tree (files added, changed,
// removed, renamed, touched; JSONL records added, edited, removed,
// reordered, their ids repeated; folders removed), each followed by an
// indexing run with options users combine (--jobs 1 or 2, a sharded
// database, --no-delete, a low commit threshold). After every run that
// removes what is gone, the database must be the one a fresh build of the
// same tree makes: every document's terms (wdf and positions), values (its
// record: text, title, source...) and the metadata (file states, passage
// count, spelling vocabulary), shard by shard; and the searches users make
// (every hit of a table of queries with its score and fields, facets).
//
// News pages share editorials and web pages share teasers (with summaries
// that differ from page to page), and web archives hold captures of the same
// URLs at different times (some giving no text): the inputs whose documents
// several files hold; so do JSONL ids and canonical URLs that several files
// give (the file that sorts last holds them, README "Re-indexing").
//
// QUARRY_INCREMENTAL_MIXES=N runs N sequences instead of the CI's few
// (QUARRY_INCREMENTAL_MIXES_SEED picks another first seed,
// QUARRY_INCREMENTAL_MIXES_STEPS the runs per sequence), to explore.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "quarry/index.h"
#include "quarry/json.h"
#include "quarry/search.h"
#include "temp_dir.h"
#include "web_fixtures.h"

namespace quarry {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kWords = {
    "flood",  "river",   "budget", "minister", "school", "polio",   "vaccine", "court",  "judge",
    "market", "cricket", "match",  "power",    "energy", "traffic", "bridge",  "strike", "teacher",
    "wheat",  "harvest", "export", "border",   "rain",   "drought", "hospital"};

const std::vector<std::string> kQueries = {
    "flood river", "budget", "polio vaccine", "\"wheat harvest\"", "kind:article", "kind:editorial", "kind:teaser",
    "date:2024", "date:2024-05", "site:dawn.com", "section:pakistan", "author:\"Ayesha Khan\"", "lang:en",
    "headline", "bridge -strike", "court NEAR judge", "harv*"};

std::size_t env_number(const char* name, std::size_t otherwise) {
  const char* value = std::getenv(name);
  return value && *value ? static_cast<std::size_t>(std::strtoull(value, nullptr, 10)) : otherwise;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Writes and changes the input tree.
class Tree {
 public:
  Tree(std::string root, unsigned seed) : root_(std::move(root)), random_(seed) {
    fs::create_directories(root_);
    for (int i = 0; i < 4; ++i)
      editorials_.push_back({words(3), std::to_string(20 + pick(9)) + " May, 2024", sentence(12)});
  }
  std::mt19937& random() { return random_; }
  std::size_t pick(std::size_t n) { return random_() % n; }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

  std::string op() {
    const std::vector<fs::path> files = list();
    if (files.size() < 4 || chance(0.35)) return add();
    const fs::path path = files[pick(files.size())];
    const std::string ext = path.extension().string();
    switch (pick(ext == ".jsonl" ? 10 : 7)) {
      case 0:
      case 1:
      case 2: fill(path, kind_of(path)); return "modify " + rel(path);
      case 3: fs::remove(path); return "delete " + rel(path);
      case 4: {
        const fs::path to = new_path(ext);
        fs::rename(path, to);
        return "rename " + rel(path) + " -> " + rel(to);
      }
      case 5:
        fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(1 + pick(5000)));
        return "touch " + rel(path);
      case 6: {
        std::vector<fs::path> folders;
        for (const auto& e : fs::recursive_directory_iterator(root_))
          if (e.is_directory()) folders.push_back(e.path());
        if (folders.empty() || !chance(0.3)) {
          fill(path, kind_of(path));
          return "modify " + rel(path);
        }
        const fs::path folder = folders[pick(folders.size())];
        fs::remove_all(folder);
        return "remove folder " + rel(folder);
      }
      default: return edit_records(path);
    }
  }

  std::string add() {
    static const char* kinds[] = {"jsonl", "jsonl", "text", "news", "news", "html", "html", "warc"};
    const std::string kind = kinds[pick(8)];
    const fs::path path =
        new_path(kind == "jsonl" ? ".jsonl" : kind == "html" ? ".html" : kind == "warc" ? ".warc" : ".txt");
    fill(path, kind);
    return "add " + rel(path) + " (" + kind + ")";
  }

 private:
  struct Editorial {
    std::string title, date, summary;
  };

  std::string words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? " " : "") + kWords[pick(kWords.size())];
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
  }
  std::string sentence(int n) { return words(n) + "."; }
  std::string body() {
    std::string out;
    const std::size_t paragraphs = 1 + pick(3);
    for (std::size_t p = 0; p < paragraphs; ++p) {
      if (p) out += "\n\n";
      const std::size_t sentences = 1 + pick(4);
      for (std::size_t s = 0; s < sentences; ++s) out += (s ? " " : "") + sentence(6 + static_cast<int>(pick(12)));
    }
    return out;
  }
  std::string rel(const fs::path& p) const { return fs::relative(p, root_).string(); }
  std::vector<fs::path> list() const {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root_))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }
  fs::path new_path(const std::string& ext) {
    static const char* folders[] = {"", "", "a", "b", "a/deep"};
    const fs::path folder = fs::path(root_) / folders[pick(5)];
    fs::create_directories(folder);
    char name[32];
    std::snprintf(name, sizeof name, "f%03d", ++files_made_);
    return folder / (name + ext);
  }
  static int number_of(const fs::path& p) { return std::atoi(p.filename().string().c_str() + 1); }
  std::string kind_of(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".jsonl" ? "jsonl" : ext == ".html" ? "html" : ext == ".warc" ? "warc" : chance(0.5) ? "news" : "text";
  }

  std::string record(int file) {
    // Some ids are given by several files: the one that sorts last holds them.
    const std::string id = chance(0.2) ? "shared-r" + std::to_string(pick(3))
                                       : "f" + std::to_string(file) + "-r" + std::to_string(pick(7));
    std::string r = "{\"id\":\"" + id + "\",\"title\":\"" +
                    words(3) + "\",\"body\":\"" + json_escape(body()) + (chance(0.05) ? "\\nPublished in Dawn, May 3rd, 2025" : "") + "\"";
    static const char* dates[] = {"2024-05-11", "2023-03-10", "2025-01-01", "2024-05-28"};
    static const char* sections[] = {"Pakistan", "World", "Business", "pakistan"};
    static const char* authors[] = {"Zahid Hussain", "Ayesha Khan", "Ali Raza"};
    static const char* sites[] = {"dawn.com", "www.dawn.com", "news.example"};
    if (chance(0.7)) r += std::string(",\"date\":\"") + dates[pick(4)] + "\"";
    if (chance(0.7)) r += std::string(",\"section\":\"") + sections[pick(4)] + "\"";
    if (chance(0.4)) r += std::string(",\"url\":\"https://") + sites[pick(3)] + "/news/" + std::to_string(pick(99)) + "\"";
    if (chance(0.3)) r += std::string(",\"author\":") + (chance(0.6) ? "\"" + std::string(authors[pick(3)]) + "\"" : "[\"Ali Raza\",\"Ayesha Khan\"]");
    if (chance(0.2)) r += std::string(",\"language\":\"") + (chance(0.5) ? "en-GB" : "de") + "\"";
    return r + "}";
  }
  std::vector<std::string> read_lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) lines.push_back(line);
    return lines;
  }
  void write_lines(const fs::path& p, const std::vector<std::string>& lines) {
    std::ofstream out(p);
    for (const std::string& l : lines) out << l << "\n";
  }
  std::string edit_records(const fs::path& path) {
    std::vector<std::string> lines = read_lines(path);
    const int file = number_of(path);
    static const char* what[] = {"add", "edit", "remove", "reorder", "repeat an id"};
    const std::size_t w = pick(5);
    if (w == 0 || lines.empty()) {
      lines.insert(lines.begin() + static_cast<long>(pick(lines.size() + 1)), record(file));
    } else if (w == 1) {
      const std::size_t i = pick(lines.size());
      const std::size_t id_end = lines[i].find("\",");
      lines[i] = lines[i].substr(0, id_end) + "\",\"title\":\"" + words(3) + "\",\"body\":\"" + json_escape(body()) + "\"}";
    } else if (w == 2) {
      lines.erase(lines.begin() + static_cast<long>(pick(lines.size())));
    } else if (w == 3) {
      std::shuffle(lines.begin(), lines.end(), random_);
    } else {
      const std::string& from = lines[pick(lines.size())];
      const std::string id = from.substr(0, from.find("\","));
      const std::string other = record(file);
      lines.insert(lines.begin() + static_cast<long>(pick(lines.size() + 1)), id + other.substr(other.find("\",")));
    }
    if (lines.empty()) lines.push_back(record(file));
    write_lines(path, lines);
    return std::string("records: ") + what[w] + " " + rel(path);
  }

  void fill(const fs::path& path, const std::string& kind) {
    const int file = number_of(path);
    if (kind == "jsonl") {
      std::vector<std::string> lines;
      for (std::size_t i = 0, n = 1 + pick(5); i < n; ++i) lines.push_back(record(file));
      return write_lines(path, lines);
    }
    if (kind == "warc") {  // captures of three URLs, each at an instant of its own
      std::string archive;
      for (std::size_t r = 0, n = 1 + pick(3); r < n; ++r) {
        char date[32];
        ++captures_made_;
        std::snprintf(date, sizeof date, "2024-%02d-%02dT%02d:%02d:%02dZ", static_cast<int>(1 + pick(12)),
                      static_cast<int>(1 + pick(28)), captures_made_ / 3600 % 24, captures_made_ / 60 % 60,
                      captures_made_ % 60);
        test::WarcRecordSpec record;
        record.uri = "https://news.example/w/" + std::to_string(pick(3));
        record.date = date;
        record.block = test::http_response(
            chance(0.15) ? "<html><head><title>Empty</title></head><body><script>fill()</script></body></html>"
                         : "<html><head><title>" + words(4) + "</title></head><body><article><p>" + sentence(14) +
                               " " + sentence(14) + " " + sentence(12) + "</p><p>" + sentence(14) + " " +
                               sentence(10) + "</p></article></body></html>");
        archive += test::warc_record(record);
      }
      return test::write_file(path.string(), archive);
    }
    std::ofstream out(path);
    if (kind == "text") {
      out << words(4) << "\n\n" << body() << "\n";
    } else if (kind == "news") {
      out << words(4) << "\n\n" << body() << "\n\nPublished in Dawn, April " << 4 + pick(24)
          << "th, 2023\n\nOpinion\n\n" << (chance(0.3) ? "Comment" : "Editorial") << "\n\n";
      std::vector<Editorial> shown = editorials_;
      std::shuffle(shown.begin(), shown.end(), random_);
      for (std::size_t e = 0, n = 1 + pick(3); e < n; ++e) {
        std::string title = shown[e].title;
        if (chance(0.2))  // the same story (ids ignore case), spelt otherwise
          for (char& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out << title << "\n" << shown[e].date << "\n\n" << title << "\n\n" << shown[e].summary << "\n";
      }
    } else {
      const std::string title = words(4);
      out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << title << "</title>";
      if (chance(0.5))  // sometimes the URL of another file's page too
        out << "<link rel=\"canonical\" href=\"https://news.example/page/"
            << (chance(0.4) ? "shared" + std::to_string(pick(2)) : std::to_string(file)) << "\">";
      out << "<meta property=\"article:published_time\" content=\"2024-06-0" << 1 + pick(9)
          << "T08:00:00+01:00\"></head><body><article><h1>" << title << "</h1>";
      for (std::size_t p = 0, n = 2 + pick(3); p < n; ++p)
        out << "<p>" << sentence(14) << " " << sentence(14) << " " << sentence(12) << "</p>";
      out << "</article>";
      if (chance(0.7)) {
        const bool opinion = chance(0.3);
        out << "<aside class=\"" << (opinion ? "opinion-box" : "more-news") << "\"><h2>"
            << (opinion ? "Opinion" : "More from the region") << "</h2><ul>";
        std::vector<int> stories = {0, 1, 2, 3};
        std::shuffle(stories.begin(), stories.end(), random_);
        for (std::size_t t = 0, n = 2 + pick(2); t < n; ++t) {
          const int k = stories[t];
          const std::string summary = chance(0.4) ? sentence(16)
                                                  : "The " + kWords[k] + " report from the " + kWords[k + 3] +
                                                        " desk says the " + kWords[k + 6] + " story goes on for another week.";
          out << "<li><a href=\"https://news.example/story/" << k << "\">Headline " << k << " about the "
              << kWords[k + 5] << " and the " << kWords[k + 9] << "</a>\n<p>" << summary << "</p></li>\n";
        }
        out << "</ul></aside>";
      }
      out << "</body></html>";
    }
  }

  std::string root_;
  std::mt19937 random_;
  int files_made_ = 0;
  int captures_made_ = 0;  // every capture at another instant: of two at one, the one read last wins
  std::vector<Editorial> editorials_;
};

struct RunOptions {
  unsigned jobs = 1;
  unsigned shards = 0;
  bool remove_missing = true;
  std::string flush_threshold;  // XAPIAN_FLUSH_THRESHOLD, or unset
};

std::string describe(const RunOptions& o) {
  return "--jobs " + std::to_string(o.jobs) + (o.shards ? " --shards " + std::to_string(o.shards) : "") +
         (o.remove_missing ? "" : " --no-delete") +
         (o.flush_threshold.empty() ? "" : " XAPIAN_FLUSH_THRESHOLD=" + o.flush_threshold);
}

// A run that finds nothing to index makes no database.
void run_indexer(const std::string& db, const std::string& root, const RunOptions& o) {
  if (o.flush_threshold.empty()) unsetenv("XAPIAN_FLUSH_THRESHOLD");
  else setenv("XAPIAN_FLUSH_THRESHOLD", o.flush_threshold.c_str(), 1);
  IndexOptions options;
  options.db_path = db;
  options.jobs = o.jobs;
  options.shards = o.shards;
  options.remove_missing = o.remove_missing;
  Indexer indexer(options);
  indexer.add_path(root);
  indexer.commit();
  unsetenv("XAPIAN_FLUSH_THRESHOLD");
}

std::vector<std::string> shard_paths(const std::string& db) {
  std::vector<std::string> out;
  for (int i = 0; fs::exists(db + "/shard" + std::to_string(i)); ++i) out.push_back(db + "/shard" + std::to_string(i));
  if (out.empty()) out.push_back(db);
  return out;
}

// Everything a database stores, by document id (document numbers differ).
std::vector<std::string> stored(const std::string& db) {
  std::vector<std::string> lines;
  if (!fs::exists(db)) return lines;
  int shard = 0;
  for (const std::string& path : shard_paths(db)) {
    const std::string at = "shard " + std::to_string(shard++) + ": ";
    Xapian::Database d(path);
    std::map<std::string, std::string> documents;
    for (Xapian::PostingIterator it = d.postlist_begin(""); it != d.postlist_end(""); ++it) {
      const Xapian::Document doc = d.get_document(*it);
      std::ostringstream out;
      for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out << " " << *t << "/" << t.get_wdf();
        for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << "," << *p;
      }
      for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
        out << " value" << v.get_valueno() << "=" << std::hash<std::string>()(*v);
      documents[doc.get_value(0)] = out.str();
    }
    for (const auto& [id, text] : documents) lines.push_back(at + "document " + id + ":" + text);
    for (Xapian::TermIterator k = d.metadata_keys_begin(); k != d.metadata_keys_end(); ++k)
      if (*k != "quarry.updated") lines.push_back(at + "metadata " + *k + " = " + d.get_metadata(*k));
  }
  return lines;
}

// What searches show: every hit (id, score, fields) of each query, its facets.
std::vector<std::string> searched(const std::string& db) {
  std::vector<std::string> lines;
  if (!fs::exists(db)) return lines;
  Searcher searcher(db);
  for (const std::string& q : kQueries) {
    SearchRequest request;
    request.query = q;
    request.limit = 1000;
    request.snippet_bytes = 0;
    request.collapse = false;
    request.facets = {"section", "kind", "year", "month", "site", "author", "language"};
    const SearchResults results = searcher.search(request);
    for (const Hit& hit : results.hits) {
      char score[40];
      std::snprintf(score, sizeof score, "%.9g", hit.score);
      lines.push_back(q + ": " + hit.doc + " " + score + " " + hit.kind + " | " + hit.title + " | " + hit.date + " | " +
                      hit.section + " | " + hit.source + " | " + hit.url + " | " + hit.author);
    }
    std::string facets;
    for (const Facet& facet : results.facets) facets += " " + to_json(facet);
    lines.push_back(q + ": " + std::to_string(results.total_matches.value_or(0)) + " matches;" + facets);
  }
  return lines;
}

// The first lines where two listings differ, for the failure message.
std::string difference(const std::vector<std::string>& got, const std::vector<std::string>& want) {
  std::ostringstream out;
  std::set<std::string> g(got.begin(), got.end()), w(want.begin(), want.end());
  int shown = 0;
  for (const std::string& line : g)
    if (!w.count(line) && shown++ < 6) out << "\n  only after the runs: " << line.substr(0, 400);
  for (const std::string& line : w)
    if (!g.count(line) && shown++ < 12) out << "\n  only in a fresh build: " << line.substr(0, 400);
  return out.str();
}

TEST(QaIncremental, GeneratedEditSequencesEndAsAFreshBuild) {
  const std::size_t sequences = env_number("QUARRY_INCREMENTAL_MIXES", 3);
  const std::size_t steps = env_number("QUARRY_INCREMENTAL_MIXES_STEPS", 4);
  const std::size_t first_seed = env_number("QUARRY_INCREMENTAL_MIXES_SEED", 1);
  std::size_t runs = 0, compared = 0;
  for (std::size_t seed = first_seed; seed < first_seed + sequences; ++seed) {
    test::TempDir dir;
    const std::string root = dir.path() + "/in", db = dir.path() + "/db", fresh = dir.path() + "/fresh";
    Tree tree(root, static_cast<unsigned>(seed));
    std::vector<std::string> history;
    for (std::size_t i = 0, n = 3 + tree.pick(6); i < n; ++i) history.push_back(tree.add());
    const unsigned shards = tree.chance(0.4) ? 2 + static_cast<unsigned>(tree.pick(2)) : 0;
    for (std::size_t step = 0; step < steps; ++step) {
      if (step)
        for (std::size_t i = 0, n = 1 + tree.pick(4); i < n; ++i) history.push_back(tree.op());
      RunOptions o;
      o.jobs = 1 + static_cast<unsigned>(tree.pick(2));
      o.shards = shards && (!fs::exists(db) || tree.chance(0.5)) ? shards : 0;
      o.remove_missing = !tree.chance(0.15);
      if (tree.chance(0.3)) o.flush_threshold = std::to_string(1 + tree.pick(5));
      history.push_back("index " + describe(o));
      run_indexer(db, root, o);
      ++runs;
      if (!o.remove_missing) continue;  // it keeps what is gone: no fresh build holds that
      fs::remove_all(fresh);
      RunOptions clean;
      clean.shards = shards;
      run_indexer(fresh, root, clean);
      ++compared;
      std::vector<std::string> got = stored(db);
      const std::vector<std::string> want = stored(fresh);
      std::string trail;
      for (const std::string& h : history) trail += "\n    " + h;
      if (!fs::exists(fresh)) {  // nothing to index: no document may be left
        got.erase(std::remove_if(got.begin(), got.end(),
                                 [](const std::string& l) { return l.find(": document ") == std::string::npos; }),
                  got.end());
        EXPECT_TRUE(got.empty()) << "seed " << seed << ", after:" << trail << difference(got, want);
        continue;
      }
      if (got != want) {
        ADD_FAILURE() << "seed " << seed << ", after:" << trail << "\nthe database differs from a fresh build:"
                      << difference(got, want);
        break;
      }
      const std::vector<std::string> got_searched = searched(db), want_searched = searched(fresh);
      if (got_searched != want_searched) {
        ADD_FAILURE() << "seed " << seed << ", after:" << trail << "\nsearches differ from a fresh build's:"
                      << difference(got_searched, want_searched);
        break;
      }
    }
  }
  std::cout << sequences << " sequences, " << runs << " runs, " << compared << " compared with a fresh build\n";
}

}  // namespace
}  // namespace quarry
