#include "shard_layout.h"

#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "database.h"
#include "database_writer.h"
#include "quarry/error.h"
#include "schema.h"
#include "stub.h"

namespace quarry {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> shard_paths(const std::string& path, unsigned shards) {
  std::vector<std::string> paths;
  for (unsigned i = 0; i < shards; ++i) paths.push_back((fs::path(path) / schema::shard_folder(i)).string());
  return paths;
}

// The number of shards a stub written by Quarry lists ("auto shard0" ...).
unsigned count_quarry_shards(const std::string& path, const std::string& stub) {
  const std::vector<StubEntry> entries = read_stub(stub);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].type != "auto" || entries[i].target != schema::shard_folder(static_cast<unsigned>(i)))
      throw DatabaseError("'" + stub + "' line " + std::to_string(entries[i].line) +
                          " lists a database quarry-index did not make there; search such a stub "
                          "with quarry-search, and index into each of its databases on its own");
  }
  if (entries.empty()) throw DatabaseError("'" + stub + "' lists no shards; remove '" + path + "' and index again");
  return static_cast<unsigned>(entries.size());
}

// Whether path is one of the shards of a sharded database Quarry made (its
// parent's stub lists it as "auto shardK"). Other stubs group databases that
// may each be indexed on their own.
bool is_quarry_shard(const std::string& path) {
  fs::path self = fs::path(path).lexically_normal();
  if (!self.has_filename()) self = self.parent_path();
  const fs::path parent = self.has_parent_path() ? self.parent_path() : fs::path(".");
  const fs::path stub = parent / schema::kStubFile;
  std::error_code ec;
  if (!fs::is_regular_file(stub, ec)) return false;
  try {
    const unsigned shards = count_quarry_shards(parent.string(), stub.string());
    for (unsigned i = 0; i < shards; ++i)
      if (self.filename() == schema::shard_folder(i)) return true;
  } catch (const Error&) {
    // Not a stub Quarry wrote.
  }
  return false;
}

}  // namespace

ShardLayout plan_shard_layout(const std::string& path, unsigned requested) {
  ShardLayout layout;
  std::error_code ec;
  const bool is_new = !fs::exists(path, ec) || (fs::is_directory(path, ec) && fs::is_empty(path, ec));
  const bool is_glass = fs::exists(fs::path(path) / "iamglass", ec);
  const fs::path stub = fs::path(path) / schema::kStubFile;
  if (!is_new && !is_glass && fs::is_regular_file(stub, ec)) {
    const unsigned shards = count_quarry_shards(path, stub.string());
    if (requested && requested != shards)
      throw UsageError("database '" + path + "' has " + std::to_string(shards) + " shards, not " +
                       std::to_string(requested) + "; re-index into a new database to change that");
    layout.shards = shards;
    layout.stub_written = true;
  } else if (!is_new && !is_glass && fs::exists(fs::path(path) / schema::shard_folder(0), ec)) {
    throw DatabaseError("'" + path + "' holds shards but no " + schema::kStubFile +
                        ": a sharded indexing run stopped before its first commit; remove '" + path +
                        "' and index again");
  } else if (is_quarry_shard(path)) {
    throw DatabaseError("'" + path + "' is a shard of a sharded database; index into the folder "
                        "that holds it, so that every document goes to its own shard");
  } else if (!is_new && requested) {
    throw UsageError("database '" + path + "' is not sharded; --shards applies to a new database "
                     "(re-index into a new folder to shard it)");
  } else {
    layout.shards = requested;
  }
  layout.databases = layout.shards ? shard_paths(path, layout.shards) : std::vector<std::string>{path};
  return layout;
}

void create_sharded_database(const std::string& path, ShardLayout& layout, const std::string& language) {
  if (!layout.shards || layout.stub_written) return;
  fs::path target(path);
  if (!target.has_filename()) target = target.parent_path();
  std::error_code exists_ec;
  const auto made_meanwhile = [&] { return fs::exists(target / schema::kStubFile, exists_ec); };
  const std::string locked = "database '" + path + "' was made by another indexer after this one started; run it again";
  if (made_meanwhile()) throw DatabaseLockedError(locked);
  const FolderLock creating = FolderLock::creating_beside(target.string());
  if (made_meanwhile()) throw DatabaseLockedError(locked);
  const fs::path fresh = target.string() + schema::kNewSuffix;
  std::error_code ec;
  fs::remove_all(fresh, ec);  // left by a killed creation
  fs::create_directories(fresh, ec);
  if (ec) throw DatabaseError("cannot create '" + fresh.string() + "': " + ec.message());
  for (unsigned i = 0; i < layout.shards; ++i) {
    const std::string shard = (fresh / schema::shard_folder(i)).string();
    try {
      Xapian::WritableDatabase db(shard, Xapian::DB_CREATE);
      stamp_database(db, language);
      db.set_metadata(schema::kPassageCountKey, "0");
      db.commit();
    } catch (const Xapian::Error&) {
      fs::remove_all(fresh, ec);
      rethrow_as_quarry_error(shard);
    }
  }
  const fs::path stub = fresh / schema::kStubFile;
  {
    std::ofstream out(stub);
    out << "# A Quarry database in " << layout.shards << " shards; documents go to shard "
        << "FNV-1a-64(id) mod " << layout.shards << ".\n";
    for (unsigned i = 0; i < layout.shards; ++i) out << "auto " << schema::shard_folder(i) << "\n";
    out.flush();
    if (!out) {
      fs::remove_all(fresh, ec);
      throw DatabaseError("cannot write '" + stub.string() + "'");
    }
  }
  // Replaces nothing or an empty folder (the Indexer checked), in one step.
  fs::rename(fresh, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove_all(fresh, ec);
    if (made_meanwhile()) throw DatabaseLockedError(locked);
    throw DatabaseError("cannot create the database at '" + path + "': " + why);
  }
  layout.stub_written = true;
}

}  // namespace quarry
