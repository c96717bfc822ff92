// Measures the two HTML parsers Debian 12 offers (gumbo 0.10.1, libxml2 2.9.14's
// HTMLparser) on the pages we extract from: time per page, and whether each
// builds the tree an HTML5 browser builds for malformed markup. The figures
// chose the parser (ARCHITECTURE.md, bench/README.md).
//   html_parser_bench PAGE.html[.gz]...
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

std::string read_gz(const char* path) {
  std::string out;
  gzFile f = gzopen(path, "rb");
  if (!f) return out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

// A compact serialisation of the element tree: tag names and text, nesting
// by brackets, html/head/body elided, so the two parsers can be compared with
// what the HTML5 algorithm (and so every browser) builds.
void gumbo_shape(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector* kids = n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children : &n->v.document.children;
  std::string name;
  if (n->type == GUMBO_NODE_ELEMENT) {
    name = gumbo_normalized_tagname(n->v.element.tag);
    if (name.empty()) {
      GumboStringPiece p = n->v.element.original_tag;
      gumbo_tag_from_original_text(&p);
      name.assign(p.data, p.length);
    }
  }
  const bool elide = name.empty() || name == "html" || name == "head" || name == "body" || name == "tbody";
  if (!elide) out += name + "[";
  for (unsigned i = 0; i < kids->length; ++i) gumbo_shape(static_cast<const GumboNode*>(kids->data[i]), out);
  if (!elide) out += "]";
}

void xml_shape(const xmlNode* n, std::string& out) {
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) out += reinterpret_cast<const char*>(n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      std::string name = reinterpret_cast<const char*>(n->name);
      const bool elide = name == "html" || name == "head" || name == "body" || name == "tbody";
      if (!elide) out += name + "[";
      xml_shape(n->children, out);
      if (!elide) out += "]";
    }
  }
}

const GumboOptions& fast_options() {
  static const GumboOptions o = [] { GumboOptions x = kGumboDefaultOptions; x.max_errors = 0; return x; }();
  return o;
}

constexpr int kXmlOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE;

std::string gumbo_tree(const std::string& html) {
  GumboOutput* out = gumbo_parse_with_options(&fast_options(), html.data(), html.size());
  std::string s;
  gumbo_shape(out->document, s);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return s;
}

std::string xml_tree(const std::string& html) {
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kXmlOptions);
  std::string s;
  if (doc) xml_shape(xmlDocGetRootElement(doc), s);
  xmlFreeDoc(doc);
  return s;
}

struct Case {
  const char* what;
  const char* html;
  const char* html5;  // the tree the HTML5 algorithm builds
};

const Case kCases[] = {
    {"p closed by div", "<p>a<div>b</div>c", "p[a]div[b]c"},
    {"misnested b/i", "<p><b>1<i>2</b>3</i>4</p>", "p[b[1i[2]]i[3]4]"},
    {"b across paragraphs", "<b>1<p>2</b>3</p>", "b[1]p[b[2]3]"},
    {"unclosed li", "<ul><li>a<li>b</ul>", "ul[li[a]li[b]]"},
    {"unclosed td", "<table><tr><td>a<td>b</table>", "table[tr[td[a]td[b]]]"},
    {"text in table fostered", "<table>x<tr><td>a</td></tr></table>", "xtable[tr[td[a]]]"},
    {"script with </ in string", "<script>var s='<b>';</script><p>a", "script[var s='<b>';]p[a]"},
    {"</script> in string closes", "<script>x='</script>'</script><p>a", "script[x=']'p[a]"},
    {"nested a", "<a href=1>x<a href=2>y</a>", "a[x]a[y]"},
    {"article element", "<article><p>a</article>", "article[p[a]]"},
    {"NUL byte in text", std::string("<p>a\0b</p>", 10).c_str(), "p[ab]"},
    {"stray end tags", "<div>a</span></p>b</div>", "div[ap[]b]"},
    {"heading in heading", "<h1>a<h2>b</h2>", "h1[a]h2[b]"},
    {"option unclosed", "<select><option>a<option>b</select>", "select[option[a]option[b]]"},
    {"</div> in script string", "<script>document.write('</div>')</script><p>a", "script[document.write('</div>')]p[a]"},
    {"p closed by section", "<p>a<section>b</section>", "p[a]section[b]"},
    {"p closed by nav", "<p>a<nav>b</nav>", "p[a]nav[b]"},
    {"p closed by figure", "<p>a<figure>b</figure>", "p[a]figure[b]"},
};

}  // namespace

int main(int argc, char** argv) {
  int gumbo_ok = 0, xml_ok = 0, total = 0;
  for (const Case& c : kCases) {
    std::string html = c.what == std::string("NUL byte in text") ? std::string("<p>a\0b</p>", 10) : c.html;
    const std::string g = gumbo_tree(html), x = xml_tree(html);
    ++total;
    gumbo_ok += g == c.html5;
    xml_ok += x == c.html5;
    std::printf("%-28s html5 %-26s gumbo %-4s libxml2 %s\n", c.what, c.html5, g == c.html5 ? "ok" : g.c_str(),
                x == c.html5 ? "ok" : x.c_str());
  }
  {
    // 300 unclosed divs (past libxml2's default depth limit of 256), then text.
    std::string deep;
    for (int i = 0; i < 300; ++i) deep += "<div>";
    deep += "<p>after";
    std::string expect;
    for (int i = 0; i < 300; ++i) expect += "div[";
    expect += "p[after]";
    for (int i = 0; i < 300; ++i) expect += "]";
    const std::string g = gumbo_tree(deep), x = xml_tree(deep);
    ++total;
    gumbo_ok += g == expect;
    xml_ok += x == expect;
    std::printf("%-28s gumbo %s libxml2 %s\n", "300 nested divs then text", g == expect ? "ok" : "WRONG",
                x == expect ? "ok" : "WRONG");
  }
  std::printf("malformed cases as HTML5 builds them: gumbo %d/%d, libxml2 %d/%d\n", gumbo_ok, total, xml_ok, total);

  std::vector<std::string> pages;
  std::size_t bytes = 0;
  for (int i = 1; i < argc; ++i) {
    pages.push_back(read_gz(argv[i]));
    bytes += pages.back().size();
  }
  if (pages.empty()) return 0;
  auto time = [&](const char* name, const std::function<std::size_t(const std::string&)>& parse) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t chars = 0;
    for (const std::string& p : pages) chars += parse(p);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-8s %zu pages, %.1f MB: %.2f s, %.0f pages/s, %.1f MB/s (tree text %zu bytes)\n", name,
                pages.size(), bytes / 1e6, s, pages.size() / s, bytes / 1e6 / s, chars);
  };
  time("gumbo", [](const std::string& p) { return gumbo_tree(p).size(); });
  time("libxml2", [](const std::string& p) { return xml_tree(p).size(); });
  // Parse only (no walk): what the parsers themselves cost.
  time("gumbo-p", [](const std::string& p) {
    GumboOutput* out = gumbo_parse_with_options(&fast_options(), p.data(), p.size());
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return std::size_t{0};
  });
  time("libxml-p", [](const std::string& p) {
    htmlDocPtr doc = htmlReadMemory(p.data(), static_cast<int>(p.size()), nullptr, "UTF-8", kXmlOptions);
    xmlFreeDoc(doc);
    return std::size_t{0};
  });
  return 0;
}
