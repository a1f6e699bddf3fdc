package export

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"
)

const (
	bufSize = 64 << 10 // output buffer
	maxKeep = 64 << 10 // largest scratch buffer kept between elements
)

// out is the buffered output of the hand-written encoders: an element is
// appended to buf, then copied to the buffered writer.
type out struct {
	w   *bufio.Writer
	buf []byte
}

func newOut(w io.Writer) out {
	return out{w: bufio.NewWriterSize(w, bufSize), buf: make([]byte, 0, 1024)}
}

// flushBuf writes buf out and resets it, dropping it if one huge element
// made it grow.
func (o *out) flushBuf() error {
	_, err := o.w.Write(o.buf)
	if cap(o.buf) > maxKeep {
		o.buf = make([]byte, 0, 1024)
	} else {
		o.buf = o.buf[:0]
	}
	return err
}

// close writes buf out and flushes the buffered writer.
func (o *out) close() error {
	if err := o.flushBuf(); err != nil {
		return err
	}
	return o.w.Flush()
}

func appendFloat(b []byte, f float64) []byte { return strconv.AppendFloat(b, f, 'g', -1, 64) }

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD; U+2028 and U+2029 are escaped so the output is also valid
// JavaScript.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONChars(b, s)
	return append(b, '"')
}

// appendJSONChars appends s escaped for the inside of a JSON string.
func appendJSONChars(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// appendXML appends s escaped for XML character data or a double-quoted
// attribute value. Tab, newline and carriage return are written as
// character references so attribute normalisation keeps them; characters
// XML 1.0 does not allow, and invalid UTF-8, become U+FFFD.
func appendXML(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"':
				esc = "&quot;"
			case c == '\t':
				esc = "&#x9;"
			case c == '\n':
				esc = "&#xA;"
			case c == '\r':
				esc = "&#xD;"
			case c < 0x20:
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, esc...)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !xmlChar(r) {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// xmlChar reports whether r (≥ 0x80) is allowed in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
