package graph

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/boltdb/bolt"
)

// Bolt splits a full page in two halves, and Cayley gives no way to ask
// otherwise: a store written in key order (its log of quads and nodes,
// most of the file) is left with its pages half full, twice the size
// its data needs. compactBolt rewrites the file with full pages, after a
// bulk load; the writes of a serving store then fill pages as before.

// compactBolt rewrites the bolt store's file with full pages. The caller
// holds wmu; compactBolt holds the exclusive lock while it runs, with the
// quad store closed, and reopens it.
func (s *Store) compactBolt() error {
	s.rw.Lock()
	defer s.rw.Unlock()
	if s.qs == nil {
		return s.err
	}
	file := filepath.Join(s.backend.addr, "indexes.bolt")
	start := time.Now()
	before, err := os.Stat(file)
	if err != nil {
		return err
	}
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("close before compaction: %w", err)
	}
	cerr := compactFile(file, file+".compact")
	qs, err := s.backend.open()
	if err != nil {
		s.qs, s.err = nil, fmt.Errorf("%w: reopen after compaction: %v", ErrClosed, err)
		return errors.Join(cerr, err)
	}
	s.qs = qs
	// Node IDs are kept by the copy; the caches are dropped all the same,
	// as after any reopen.
	s.cache.dropNodes()
	s.cache.forgetRefs()
	if cerr != nil {
		return cerr
	}
	after, err := os.Stat(file)
	if err == nil {
		slog.Info("graph: store compacted", "before_bytes", before.Size(), "after_bytes", after.Size(),
			"took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// compactFile copies the bolt file src into tmp with full pages, then puts
// tmp in src's place; on any error src is left as it was.
func compactFile(src, tmp string) (err error) {
	_ = os.Remove(tmp)
	in, err := bolt.Open(src, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("compact %s: %w", src, err)
	}
	defer in.Close()
	out, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return fmt.Errorf("compact %s: %w", src, err)
	}
	defer func() {
		// Bolt grows its file in steps of 16 MB: what lies past the
		// last page written is cut.
		var used int64
		if err == nil {
			err = out.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
		}
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("compact %s: %w", src, cerr)
		}
		if err == nil && used > 0 {
			if terr := os.Truncate(tmp, used); terr != nil {
				err = fmt.Errorf("compact %s: %w", src, terr)
			}
		}
		if err != nil {
			os.Remove(tmp)
			return
		}
		if rerr := os.Rename(tmp, src); rerr != nil {
			os.Remove(tmp)
			err = fmt.Errorf("compact %s: %w", src, rerr)
		}
	}()
	err = in.View(func(itx *bolt.Tx) error {
		otx, err := out.Begin(true)
		if err != nil {
			return err
		}
		defer func() {
			if otx != nil {
				otx.Rollback()
			}
		}()
		size := 0
		var walk func(path [][]byte, b *bolt.Bucket) error
		walk = func(path [][]byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if v == nil {
					sub := append(path[:len(path):len(path)], k)
					if _, err := destBucket(otx, sub); err != nil {
						return err
					}
					return walk(sub, b.Bucket(k))
				}
				// Transactions of bounded size: one for the whole
				// file would hold all of it in memory.
				if size += len(k) + len(v); size > compactTxBytes {
					if err := otx.Commit(); err != nil {
						otx = nil
						return err
					}
					if otx, err = out.Begin(true); err != nil {
						return err
					}
					size = len(k) + len(v)
				}
				to, err := destBucket(otx, path)
				if err != nil {
					return err
				}
				return to.Put(k, v)
			})
		}
		err = itx.ForEach(func(name []byte, b *bolt.Bucket) error {
			path := [][]byte{name}
			if _, err := destBucket(otx, path); err != nil {
				return err
			}
			return walk(path, b)
		})
		if err != nil {
			return err
		}
		err = otx.Commit()
		otx = nil
		return err
	})
	if err != nil {
		return fmt.Errorf("compact %s: %w", src, err)
	}
	return nil
}

// compactTxBytes bounds the keys and values copied in one transaction.
const compactTxBytes = 32 << 20

// destBucket returns the bucket at path in tx, creating it when missing,
// set to fill its pages.
func destBucket(tx *bolt.Tx, path [][]byte) (*bolt.Bucket, error) {
	b := tx.Bucket(path[0])
	if b == nil {
		var err error
		if b, err = tx.CreateBucket(path[0]); err != nil {
			return nil, err
		}
	}
	b.FillPercent = 1
	for _, name := range path[1:] {
		next := b.Bucket(name)
		if next == nil {
			var err error
			if next, err = b.CreateBucket(name); err != nil {
				return nil, err
			}
		}
		next.FillPercent = 1
		b = next
	}
	return b, nil
}
