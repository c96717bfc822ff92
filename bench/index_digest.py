#!/usr/bin/python3
"""SHA-1 digests of everything a Quarry database holds, to show that a change
to the indexer leaves the index the same (bench/README.md, "Indexing Dawn
within 5 %"): every metadata entry but the commit time, every term with its
term frequency, and per document its data, every value and every term with
its wdf and positions. Usage: index_digest.py DB [--no-positions]"""
import hashlib
import sys

import xapian


def digest(path, positions=True):
    db = xapian.Database(path)
    out = {}
    h = hashlib.sha1()
    n = 0
    for key in db.metadata_keys():
        if key == b'quarry.updated':  # the commit's time of day
            continue
        h.update(b'%d:' % len(key) + key)
        value = db.get_metadata(key)
        h.update(b'%d:' % len(value) + value)
        n += 1
    out['metadata'] = (n, h.hexdigest())
    h = hashlib.sha1()
    n = 0
    for t in db.allterms():
        h.update(b'%d:' % len(t.term) + t.term + b' %d\n' % t.termfreq)
        n += 1
    out['terms'] = (n, h.hexdigest())
    hv = hashlib.sha1()
    hp = hashlib.sha1()
    docs = 0
    for did in range(1, db.get_lastdocid() + 1):
        try:
            d = db.get_document(did)
        except xapian.DocNotFoundError:
            continue
        docs += 1
        hv.update(b'doc %d\n' % did)
        data = d.get_data()
        hv.update(b'%d:' % len(data) + data)
        for v in d.values():
            hv.update(b'%d %d:' % (v.num, len(v.value)) + v.value)
        hp.update(b'doc %d\n' % did)
        for t in d.termlist():
            hp.update(b'%d:' % len(t.term) + t.term + b' %d' % t.wdf)
            if positions:
                hp.update(b' ' + b','.join(b'%d' % p for p in t.positer))
            hp.update(b'\n')
    out['values'] = (docs, hv.hexdigest())
    out['postings'] = (docs, hp.hexdigest())
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name, (count, sha) in digest(sys.argv[1], '--no-positions' not in sys.argv[2:]).items():
        print(f'{name} {count} {sha}')


if __name__ == '__main__':
    main()
