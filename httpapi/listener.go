package httpapi

import (
	"bytes"
	"net"
)

// Listener wraps ln so that a malformed percent escape in the request
// line ("/v1/entities/%ZZ") reaches the API, which answers it with a
// problem, rather than net/http's plain-text "400 Bad Request", which is
// written before any handler runs and cannot be changed. The stray "%" is
// escaped as "%25", so the path reads as written.
//
// Only the first request line of a connection is mended: finding later
// ones would mean following each request's body through the stream. A
// client that reuses a connection for a malformed path after a good
// request still gets net/http's plain 400.
func Listener(ln net.Listener) net.Listener { return escapeListener{ln} }

type escapeListener struct{ net.Listener }

func (l escapeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &escapeConn{Conn: c}, nil
}

// maxRequestLine bounds what escapeConn holds back looking for the end of
// the first line; a longer line passes as it is (net/http refuses it).
const maxRequestLine = 8 << 10

type escapeConn struct {
	net.Conn
	done    bool   // the first line has passed
	pending []byte // mended bytes not yet read
	line    []byte // the first line so far
}

func (c *escapeConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if c.done {
		return c.Conn.Read(p)
	}
	buf := make([]byte, 1024)
	for {
		n, err := c.Conn.Read(buf)
		c.line = append(c.line, buf[:n]...)
		if i := bytes.IndexByte(c.line, '\n'); i >= 0 || len(c.line) >= maxRequestLine || err != nil {
			if i >= 0 {
				c.pending = append(mendEscapes(c.line[:i]), c.line[i:]...)
			} else {
				c.pending = c.line
			}
			c.done, c.line = true, nil
			m := copy(p, c.pending)
			c.pending = c.pending[m:]
			if m > 0 {
				return m, nil
			}
			return 0, err
		}
	}
}

// mendEscapes writes every "%" of line that does not start a valid escape
// as "%25".
func mendEscapes(line []byte) []byte {
	if bytes.IndexByte(line, '%') < 0 {
		return line
	}
	out := make([]byte, 0, len(line)+8)
	for i := 0; i < len(line); i++ {
		if line[i] == '%' && (i+2 >= len(line) || !isHex(line[i+1]) || !isHex(line[i+2])) {
			out = append(out, "%25"...)
			continue
		}
		out = append(out, line[i])
	}
	return out
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}
