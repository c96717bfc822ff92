#include "metadata.h"
#include "text.h"
#include "../bounded_json.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <string_view>
#include <unordered_map>

namespace quarry::web {
namespace {

using nlohmann::json;

bool is_url(std::string_view s) { return s.substr(0, 4) == "http" || s.substr(0, 1) == "/"; }

// JSON-LD strings are often HTML-escaped by the site ("Glasgow&#8217;s",
// "O&#039;Donnell"), and no HTML parser decodes them: decoded here, once.
std::string as_text(const json& v) {
  if (v.is_string()) return collapse_whitespace(decode_character_references(v.get<std::string>()));
  if (v.is_object()) {
    for (const char* key : {"name", "@value", "text"})
      if (v.contains(key) && v[key].is_string())
        return collapse_whitespace(decode_character_references(v[key].get<std::string>()));
  }
  if (v.is_array() && !v.empty()) return as_text(v[0]);
  return {};
}

bool type_is(const json& obj, std::string_view suffix) {
  if (!obj.contains("@type")) return false;
  auto match = [&](const json& t) {
    if (!t.is_string()) return false;
    const std::string s = t.get<std::string>();
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const json& t = obj["@type"];
  if (t.is_array()) {
    for (const json& x : t)
      if (match(x)) return true;
    return false;
  }
  return match(t);
}

std::string type_name(const json& obj) {
  if (!obj.contains("@type")) return {};
  const json& t = obj["@type"];
  if (t.is_string()) return t.get<std::string>();
  if (t.is_array() && !t.empty() && t[0].is_string()) return t[0].get<std::string>();
  return {};
}

bool is_article_type(const json& obj) {
  for (const char* t : {"Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle",
                        "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
                        "LiveBlogPosting", "ScholarlyArticle", "TechArticle", "SocialMediaPosting", "Posting",
                        "Review", "Recipe"})
    if (type_is(obj, t)) return true;
  return false;
}

// Names of the nodes of a JSON-LD document by "@id": Yoast (WordPress) and
// others write an article's author as {"@id": ".../#/schema/person/…"}, a
// reference to a Person node elsewhere in the @graph.
using NodeNames = std::unordered_map<std::string, std::string>;

void collect_names(const json& v, NodeNames& names, int depth) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const json& x : v) collect_names(x, names, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  const auto id = v.find("@id");
  const auto name = v.find("name");
  if (id != v.end() && id->is_string() && name != v.end()) {
    std::string text = as_text(*name);
    if (!text.empty()) names.emplace(id->get<std::string>(), std::move(text));
  }
  for (const auto& item : v.items())
    if (item.value().is_structured()) collect_names(item.value(), names, depth + 1);
}

// A WordPress account name ("admin", "sarah-indra", "maja_x4v6") that such
// a Person node often holds instead of the author's name.
bool looks_like_login(std::string_view name) {
  bool lower = true;
  for (unsigned char c : name) {
    if (c == ' ' || c >= 0x80) return false;
    if (c == '_' || std::isdigit(c)) return true;
    if (std::isupper(c)) lower = false;
  }
  return lower;
}

void read_article_object(const json& obj, PageMetadata& md, const NodeNames& names) {
  auto str = [&](const char* key) { return obj.contains(key) ? as_text(obj[key]) : std::string(); };
  md.ld_is_article = true;
  md.ld_type = type_name(obj);
  if (md.ld_headline.empty()) md.ld_headline = str("headline");
  if (md.ld_headline.empty()) md.ld_headline = str("name");
  else if (md.ld_name.empty()) md.ld_name = str("name");
  if (md.ld_date.empty()) md.ld_date = str("datePublished");
  if (md.ld_date.empty()) md.ld_date = str("dateCreated");
  if (md.ld_modified.empty()) md.ld_modified = str("dateModified");
  if (md.ld_section.empty()) md.ld_section = str("articleSection");
  if (md.ld_language.empty()) md.ld_language = str("inLanguage");
  if (md.ld_url.empty()) md.ld_url = str("url");
  if (md.ld_publisher.empty() && obj.contains("publisher")) md.ld_publisher = as_text(obj["publisher"]);
  if (md.ld_authors.empty() && obj.contains("author")) {
    const json& a = obj["author"];
    auto add = [&](const json& x) {
      std::string name = as_text(x);
      if (name.empty() && x.is_object() && x.contains("@id") && x["@id"].is_string()) {
        const auto named = names.find(x["@id"].get<std::string>());
        if (named != names.end() && !looks_like_login(named->second)) name = named->second;
      }
      if (!name.empty() && !is_url(name)) md.ld_authors.push_back(name);
    };
    if (a.is_array())
      for (const json& x : a) add(x);
    else
      add(a);
  }
}

void visit(const json& v, PageMetadata& md, const NodeNames& names, int depth) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const json& x : v) visit(x, md, names, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  if (is_article_type(v)) {
    if (!md.ld_is_article) read_article_object(v, md, names);
  } else {
    // Another creative work (a WebPage, a HowTo, a VideoObject) dates the page
    // when no article object does.
    if (md.ld_other_date.empty() && v.contains("datePublished")) md.ld_other_date = as_text(v["datePublished"]);
    if (md.ld_other_date.empty() && v.contains("dateCreated")) md.ld_other_date = as_text(v["dateCreated"]);
  }
  if (!is_article_type(v) && (type_is(v, "WebPage") || type_is(v, "WebSite") || type_is(v, "Organization") ||
             type_is(v, "NewsMediaOrganization"))) {
    if (md.ld_publisher.empty() && (type_is(v, "Organization") || type_is(v, "NewsMediaOrganization")) &&
        v.contains("name"))
      md.ld_publisher = as_text(v["name"]);
    if (type_is(v, "WebPage") && v.contains("mainEntity")) visit(v["mainEntity"], md, names, depth + 1);
  }
  if (v.contains("@graph")) visit(v["@graph"], md, names, depth + 1);
}

// XHTML-era pages wrap a script's text in "<![CDATA[ … ]]>" (or "<!-- … -->"),
// often behind "//" so that scripts ignore the markers; JSON does not.
std::string_view unwrap_script(std::string_view s) {
  auto trim = [](std::string_view& t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  };
  trim(s);
  if (s.empty() || s.front() == '{' || s.front() == '[') return s;
  const bool slashes = s.substr(0, 2) == "//";
  if (slashes) s.remove_prefix(2);
  trim(s);
  std::string_view close;
  if (s.substr(0, 9) == "<![CDATA[") {
    s.remove_prefix(9);
    close = "]]>";
  } else if (s.substr(0, 4) == "<!--") {
    s.remove_prefix(4);
    close = "-->";
  } else {
    return s;
  }
  trim(s);
  if (s.size() >= close.size() && s.substr(s.size() - close.size()) == close) s.remove_suffix(close.size());
  trim(s);
  if (s.size() >= 2 && s.substr(s.size() - 2) == "//") s.remove_suffix(2);
  return s;
}

// Author tags by trust: bibliographic and article tags name the writer more
// often than name=author, which themes fill with the site or the publisher
// ("Condé Nast" beside article:author "Morgan Meaker").
int author_rank(const std::string& key) {
  if (key == "citation_author") return 0;
  if (key == "dc.creator" || key == "dc:creator" || key == "dcterms.creator" || key == "dcterms:creator" ||
      key == "dcterm:creator")
    return 1;
  if (key == "parsely-author") return 2;
  if (key == "article:author" || key == "og:article:author" || key == "article:author_name") return 3;
  if (key == "sailthru.author") return 4;
  if (key == "author") return 5;
  if (key == "byl") return 6;
  return -1;
}

// One <meta> key and its value.
void read_meta(const std::string& key, const std::string& value, PageMetadata& md) {
  if (key == "og:title") md.og_title = md.og_title.empty() ? value : md.og_title;
  else if (key == "twitter:title") md.twitter_title = md.twitter_title.empty() ? value : md.twitter_title;
  else if (key == "dc.title" || key == "dc:title" || key == "dcterm:title" || key == "dcterms.title" ||
           key == "dcterms:title" || key == "parsely-title" ||
           key == "sailthru.title" || key == "headline")
    md.meta_title = md.meta_title.empty() ? value : md.meta_title;
  else if (key == "og:type") md.og_type = lower_ascii(value);
  else if (key == "og:site_name") md.og_site_name = md.og_site_name.empty() ? value : md.og_site_name;
  else if (key == "og:url") md.og_url = md.og_url.empty() ? value : md.og_url;
  else if (key == "og:locale") md.og_locale = md.og_locale.empty() ? value : md.og_locale;
  else if (key == "application-name") md.application_name = value;
  else if (key == "article:section" || key == "parsely-section" || key == "section" ||
           key == "sailthru.section" || key == "article.section" || key == "articlesection")
    md.meta_section = md.meta_section.empty() ? value : md.meta_section;
  else if (const int rank = author_rank(key); rank >= 0) {
    // (not a link to the author's page: "facebook.com/jane.roe", "www.site.com")
    const bool link = value.find(' ') == std::string::npos &&
                      (value.find('/') != std::string::npos || value.compare(0, 4, "www.") == 0);
    if (!is_url(value) && !link && value.find('@') == std::string::npos) md.meta_authors.push_back({rank, value});
  } else if (key == "article:published_time" || key == "og:published_time" ||
             key == "article:published" || key == "datepublished" || key == "published_time" ||
             key == "article.published" || key == "og:article:published_time" ||
             key == "article_date_original" || key == "original-publish-date" ||
             key == "cxenseparse:recs:publishtime" || key == "publication_date" ||
             key == "publish-date" || key == "publishdate" || key == "pubdate" || key == "pub_date" ||
             key == "dc.date.issued" || key == "dcterms.issued" || key == "dc.date.created" ||
             key == "dcterms.created" || key == "citation_publication_date" || key == "citation_date" ||
             key == "parsely-pub-date" || key == "sailthru.date" || key == "date_published" ||
             key == "weibo:article:create_at" || key == "rnews:datepublished" || key == "datecreated" ||
             key == "release_date" || key == "article:post_date" || key == "bt:pubdate" ||
             key == "iso-8601-publish-date" || key == "displaydate" || key == "og:pubdate" ||
             key == "shareaholic:article_published_time" || key == "article:publicationdate" ||
             key == "dateposted" || key == "originalpublicationdate" || key == "published-date" ||
             key == "dc.date.publication" || key == "dc.created" || key == "dc:created" ||
             key == "article.created")
    md.meta_published.push_back(value);
  else if (key == "date" || key == "dc.date" || key == "dcterms.date" || key == "created" ||
           key == "creation_date" || key == "timestamp" || key == "dc:date")
    md.meta_generic.push_back(value);
  else if (key == "article:modified_time" || key == "og:updated_time" || key == "datemodified" ||
           key == "last-modified" || key == "dcterms.modified" || key == "dc.date.modified" ||
           key == "modified_time" || key == "lastmod" || key == "revised")
    md.meta_modified.push_back(value);
}

// JSON text as a DOM, within BoundedJsonParser's bound; false when it is not
// JSON or holds more values than that.
bool parse_bounded(std::string_view text, json& v) {
  BoundedJsonParser parser(v);
  return json::sax_parse(text.begin(), text.end(), &parser, json::input_format_t::json, true) && !parser.is_errored();
}

}  // namespace

void read_json_ld(std::string_view text, PageMetadata& md) {
  text = unwrap_script(text);
  json v;
  if (!parse_bounded(text, v)) {
    // Common breakage: raw newlines or tabs inside strings.
    std::string fixed(text);
    for (char& c : fixed)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    v = json();
    if (!parse_bounded(fixed, v)) return;
  }
  NodeNames names;
  collect_names(v, names, 0);
  visit(v, md, names, 0);
}

PageMetadata read_metadata(const Dom& dom) {
  PageMetadata md;
  for (std::uint32_t i = 0; i < dom.size(); ++i) {
    const Tag t = dom.node(i).tag;
    switch (t) {
      case Tag::kHtml:
        if (md.html_lang.empty()) md.html_lang = std::string(dom.attr(i, Attr::kLang));
        if (md.html_lang.empty()) md.html_lang = std::string(dom.attr(i, Attr::kXmlLang));
        break;
      case Tag::kTitle:
        if (md.title_tag.empty()) {
          // <title> inside <svg> is not the page's.
          bool in_svg = false;
          for (std::uint32_t p = dom.node(i).parent; p != kNoNode; p = dom.node(p).parent)
            if (dom.node(p).tag == Tag::kSvg) in_svg = true;
          if (!in_svg) md.title_tag = dom.inner_text(i);
        }
        break;
      case Tag::kH1:
        md.h1s.push_back(i);
        break;
      case Tag::kBase:
        if (md.base_href.empty()) md.base_href = std::string(dom.attr(i, Attr::kHref));
        break;
      case Tag::kLink: {
        const std::string rel = lower_ascii(dom.attr(i, Attr::kRel));
        if (rel == "canonical" && md.canonical.empty()) md.canonical = std::string(dom.attr(i, Attr::kHref));
        break;
      }
      case Tag::kScript:
        if (lower_ascii(dom.attr(i, Attr::kType)) == "application/ld+json") {
          const std::uint32_t c = dom.node(i).first_child;
          if (c != kNoNode && dom.node(c).tag == Tag::kText) read_json_ld(dom.text(c), md);
        }
        break;
      case Tag::kMeta: {
        std::string key = lower_ascii(dom.attr(i, Attr::kProperty));
        if (key.empty()) key = lower_ascii(dom.attr(i, Attr::kName));
        if (key.empty()) key = lower_ascii(dom.attr(i, Attr::kItemprop));
        const std::string http_equiv = lower_ascii(dom.attr(i, Attr::kHttpEquiv));
        const std::string value = collapse_whitespace(dom.attr(i, Attr::kContent));
        if (value.empty()) break;
        if (http_equiv == "content-language" && md.content_language.empty()) md.content_language = value;
        if (key.empty()) break;
        // RDFa allows several properties in one attribute ("og:title twitter:title").
        for (std::size_t k = 0; k < key.size();) {
          const std::size_t end = std::min(key.find(' ', k), key.size());
          if (end > k) read_meta(key.substr(k, end - k), value, md);
          k = end + 1;
        }
        break;
      }
      default:
        break;
    }
  }
  return md;
}

}  // namespace quarry::web
