// Lucene 4.10 peer for Quarry's ranking evaluation (eval/quarry_eval.py) and
// speed benchmark (bench/run_bench.py). Stock Lucene as a user would set it
// up: EnglishAnalyzer, BM25Similarity with default k1/b, words OR-ed over
// title^2 and body, classic Highlighter for snippets.
//
//   index  INDEX_DIR DOCS.jsonl              one {"id", "title", "body"} object a line
//   count  INDEX_DIR                         prints the number of documents
//   rank   INDEX_DIR QUERIES.tsv DEPTH       prints qid<TAB>doc id, best first (eval)
//   search INDEX_DIR QUERIES.tsv TIMINGS.tsv [WARMUP_PASSES]
//                                            top 10 + a snippet per hit; writes
//                                            qid<TAB>ms<TAB>hits (bench), the shape
//                                            of quarry-search --timings
//
// Compiled at run time by bench/peers/lucene/lucene_peer.py against Debian's
// liblucene4.10-java; no .class files are kept in the repository.

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class LucenePeer {
  static final Version VERSION = Version.LUCENE_4_10_4;
  // Roughly the other peers' snippet length (Xapian 200 bytes, FTS5 20 tokens).
  static final int SNIPPET_CHARS = 200;

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("index")) {
      index(new File(args[1]), new File(args[2]));
    } else if (args.length == 2 && args[0].equals("count")) {
      try (Directory dir = FSDirectory.open(new File(args[1]));
           DirectoryReader reader = DirectoryReader.open(dir)) {
        System.out.println(reader.numDocs());
      }
    } else if (args.length == 4 && args[0].equals("rank")) {
      rank(new File(args[1]), new File(args[2]), Integer.parseInt(args[3]));
    } else if ((args.length == 4 || args.length == 5) && args[0].equals("search")) {
      int warmupPasses = args.length == 5 ? Integer.parseInt(args[4]) : 0;
      search(new File(args[1]), new File(args[2]), new File(args[3]), warmupPasses);
    } else {
      System.err.println("usage: LucenePeer index DIR DOCS.jsonl | count DIR"
          + " | rank DIR QUERIES.tsv DEPTH | search DIR QUERIES.tsv TIMINGS.tsv [WARMUP_PASSES]");
      System.exit(2);
    }
  }

  static void index(File indexDir, File docs) throws IOException {
    Analyzer analyzer = new EnglishAnalyzer();
    IndexWriterConfig config = new IndexWriterConfig(VERSION, analyzer);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    // Norms are encoded at index time by the similarity, so BM25 goes here too.
    config.setSimilarity(new BM25Similarity());
    try (Directory dir = FSDirectory.open(indexDir);
         IndexWriter writer = new IndexWriter(dir, config);
         BufferedReader in = reader(docs)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.trim().isEmpty()) continue;
        Map<String, String> obj = FlatJson.parse(line);
        Document doc = new Document();
        doc.add(new StringField("id", obj.getOrDefault("id", ""), Field.Store.YES));
        doc.add(new TextField("title", obj.getOrDefault("title", ""), Field.Store.NO));
        // Stored so the Highlighter can re-analyse it: no term vectors, which
        // is the Highlighter's documented default path.
        doc.add(new TextField("body", obj.getOrDefault("body", ""), Field.Store.YES));
        writer.addDocument(doc);
      }
    }  // close() commits
  }

  // One parser per searcher: title counts twice, words are OR-ed (the
  // classic parser's default operator).
  static MultiFieldQueryParser parser(Analyzer analyzer) {
    Map<String, Float> boosts = new HashMap<>();
    boosts.put("title", 2.0f);
    boosts.put("body", 1.0f);
    return new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer, boosts);
  }

  // Null for a query with no words (the parser rejects an empty string).
  // Lowercasing keeps AND/OR/NOT from being operators, which escape() leaves
  // alone; the analyser lowercases anyway, so ranking is unaffected.
  static Query parse(QueryParser qp, String text) throws ParseException {
    String q = QueryParser.escape(text.toLowerCase(Locale.ROOT)).trim();
    return q.isEmpty() ? null : qp.parse(q);
  }

  static IndexSearcher searcher(Directory dir) throws IOException {
    IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
    searcher.setSimilarity(new BM25Similarity());
    return searcher;
  }

  static void rank(File indexDir, File queries, int depth) throws Exception {
    Analyzer analyzer = new EnglishAnalyzer();
    QueryParser qp = parser(analyzer);
    try (Directory dir = FSDirectory.open(indexDir);
         BufferedReader in = reader(queries);
         PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      IndexSearcher searcher = searcher(dir);
      for (String line; (line = in.readLine()) != null; ) {
        String[] parts = line.split("\t", 2);
        if (parts.length < 2) continue;
        Query q = parse(qp, parts[1]);
        if (q == null) continue;
        for (ScoreDoc sd : searcher.search(q, depth).scoreDocs) {
          out.print(parts[0] + "\t" + searcher.doc(sd.doc).get("id") + "\n");
        }
      }
      searcher.getIndexReader().close();
    }
  }

  // Like the Python peers: the clock runs around parse + search + fetching the
  // 10 hits + a snippet for each, per query, in one process. Queries whose qid
  // starts with "w" are run_bench.py's warm-up queries: they are timed like
  // the rest (the harness leaves them out), and before the timed pass they
  // are replayed WARMUP_PASSES times untimed, because a JVM is only warm once
  // the JIT has compiled the hot paths, which 20 queries do not get it to.
  static void search(File indexDir, File queries, File timings, int warmupPasses)
      throws Exception {
    List<String[]> batch = new ArrayList<>();
    try (BufferedReader in = reader(queries)) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] parts = line.split("\t", 2);
        if (parts.length == 2) batch.add(parts);
      }
    }
    Analyzer analyzer = new EnglishAnalyzer();
    QueryParser qp = parser(analyzer);
    try (Directory dir = FSDirectory.open(indexDir);
         Writer out = new OutputStreamWriter(new FileOutputStream(timings), StandardCharsets.UTF_8)) {
      IndexSearcher searcher = searcher(dir);
      for (int pass = 0; pass < warmupPasses; pass++) {
        for (String[] q : batch) {
          if (q[0].startsWith("w")) topTen(searcher, qp, analyzer, q[1]);
        }
      }
      for (String[] q : batch) {
        long t0 = System.nanoTime();
        int hits = topTen(searcher, qp, analyzer, q[1]);
        double ms = (System.nanoTime() - t0) / 1e6;
        out.write(String.format(Locale.ROOT, "%s\t%.4f\t%d\n", q[0], ms, hits));
      }
      searcher.getIndexReader().close();
    }
    if (blackhole == 42) System.err.println();  // keeps the JIT from dropping the work
  }

  static final SimpleHTMLFormatter FORMATTER = new SimpleHTMLFormatter("[", "]");
  static long blackhole;

  // The top 10 for `text`, each with its id and a highlighted body snippet;
  // returns the number of hits.
  static int topTen(IndexSearcher searcher, QueryParser qp, Analyzer analyzer, String text)
      throws Exception {
    Query q = parse(qp, text);
    if (q == null) return 0;
    ScoreDoc[] top = searcher.search(q, 10).scoreDocs;
    // The scorer only looks at body terms: snippets come from the body.
    Highlighter hl = new Highlighter(FORMATTER, new QueryScorer(q, "body"));
    hl.setTextFragmenter(new SimpleFragmenter(SNIPPET_CHARS));
    for (ScoreDoc sd : top) {
      Document doc = searcher.doc(sd.doc);
      String body = doc.get("body");
      String snippet = hl.getBestFragment(analyzer, "body", body);
      if (snippet == null) {  // matched in the title only: lead of the body
        snippet = body.substring(0, Math.min(SNIPPET_CHARS, body.length()));
      }
      blackhole += doc.get("id").length() + snippet.length();
    }
    return top.length;
  }

  static BufferedReader reader(File f) throws IOException {
    return new BufferedReader(new InputStreamReader(new FileInputStream(f), StandardCharsets.UTF_8));
  }

  // The JDK has no JSON parser and the inputs are flat objects of strings
  // (and the odd number), so a small one is enough: top-level scalars become
  // strings, nested values are skipped.
  static final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) { this.s = s; }

    static Map<String, String> parse(String line) {
      FlatJson p = new FlatJson(line);
      Map<String, String> out = new HashMap<>();
      p.expect('{');
      if (p.peek() == '}') return out;
      while (true) {
        String key = p.string();
        p.expect(':');
        String value = p.value();
        if (value != null) out.put(key, value);
        char c = p.next();
        if (c == '}') return out;
        if (c != ',') throw p.error("',' or '}'");
      }
    }

    private char peek() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
      if (i >= s.length()) throw error("more input");
      return s.charAt(i);
    }

    private char next() { char c = peek(); i++; return c; }

    private void expect(char c) { if (next() != c) throw error("'" + c + "'"); }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON: expected " + what + " at offset " + i);
    }

    // A scalar as text (null for null and for nested values, which are skipped).
    private String value() {
      char c = peek();
      if (c == '"') return string();
      if (c == '{' || c == '[') { skipNested(); return null; }
      int start = i;
      while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) i++;
      String word = s.substring(start, i);
      return word.equals("null") ? null : word;
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) throw error("closing quote");
        char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') { b.append(c); continue; }
        char e = s.charAt(i++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          // Surrogate pairs arrive as two escapes and are appended as two chars.
          case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
          default: b.append(e);  // \" \\ \/
        }
      }
    }

    private void skipNested() {
      int depth = 0;
      do {
        char c = next();
        if (c == '"') { i--; string(); }
        else if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') depth--;
      } while (depth > 0);
    }
  }
}
