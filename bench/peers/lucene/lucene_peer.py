"""What the Lucene peer needs, shared by bench/run_bench.py and
eval/quarry_eval.py: Debian's Lucene 4.10 jars and a JDK, and LucenePeer.java
(next to this file) compiled against them.

The class is compiled at run time into a cache folder under the system temp
directory, keyed by a hash of the source and the jars, so an edit to the
source or a Lucene upgrade recompiles and no .class file lives in the repo.
"""
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "LucenePeer.java"
JAR_DIR = Path("/usr/share/java")
# Debian names them lucene-MODULE-4.10.4.jar (there are no lucene4-* links).
# memory and queries are the highlighter's declared dependencies (its pom); plain
# term queries never load them, but with them on the path any query works.
MODULES = ["core", "analyzers-common", "queryparser", "highlighter", "memory", "queries"]
LUCENE_PACKAGE = "liblucene4.10-java"
JDK_PACKAGE = "default-jdk-headless"


class Unavailable(Exception):
    """The peer cannot run here; the message says why."""


def jars():
    """The jars on the class path, or None if any module is missing."""
    found = []
    for module in MODULES:
        matches = sorted(JAR_DIR.glob(f"lucene-{module}-4.10*.jar"))
        if not matches:
            return None
        found.append(matches[-1])
    return found


def missing_packages():
    """Debian packages to install before the peer can run."""
    need = []
    if jars() is None:
        need.append(LUCENE_PACKAGE)
    if not (shutil.which("java") and shutil.which("javac")):
        need.append(JDK_PACKAGE)
    return need


def version():
    found = jars()
    return None if found is None else found[0].name[len("lucene-core-"):-len(".jar")]


def command():
    """["java", "-cp", ..., "LucenePeer"], compiling the class first if needed."""
    need = missing_packages()
    if need:
        raise Unavailable(f"missing Debian packages: {' '.join(need)}")
    class_path = ":".join(map(str, jars()))
    key = hashlib.sha1(SOURCE.read_bytes() + class_path.encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / "quarry-lucene-peer"
    out = cache / key
    if not (out / "LucenePeer.class").is_file():
        cache.mkdir(exist_ok=True)
        # Compiled aside and renamed, so a concurrent run never sees half a class.
        tmp = Path(tempfile.mkdtemp(dir=cache, prefix="tmp-"))
        proc = subprocess.run(["javac", "-encoding", "UTF-8", "-nowarn", "-cp", class_path,
                               "-d", str(tmp), str(SOURCE)], capture_output=True, text=True)
        if proc.returncode:
            shutil.rmtree(tmp, ignore_errors=True)
            raise Unavailable(f"javac failed on {SOURCE}:\n{proc.stderr.strip()}")
        try:
            tmp.rename(out)
        except OSError:  # another run got there first
            shutil.rmtree(tmp, ignore_errors=True)
    return ["java", "-cp", f"{out}:{class_path}", "LucenePeer"]
