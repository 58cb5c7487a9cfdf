//! A small, strict RLP decoder (`no_std`, no allocation): only canonical encodings are
//! accepted, so one transaction has exactly one valid byte form.

use sealevm_primitives::{Address, U256};

/// Why RLP input was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RlpError {
    /// The input ends inside an item.
    Truncated,
    /// A length is not minimally encoded, or a single byte below 0x80 is wrapped as a string.
    NonCanonical,
    /// A list where a string was expected, or the other way round.
    UnexpectedKind,
    /// An integer is too large or has leading zeros; an address is not 20 bytes.
    BadValue,
    /// Bytes follow the last item.
    TrailingBytes,
}

/// One decoded item: a byte string or the payload of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item<'a> {
    /// True for a list.
    pub is_list: bool,
    /// The string bytes, or the concatenated encodings of the list's items.
    pub payload: &'a [u8],
    /// The whole encoding (header and payload).
    pub raw: &'a [u8],
}

/// Big-endian length from 1..=4 bytes without leading zero.
fn read_len(bytes: &[u8]) -> Result<usize, RlpError> {
    if bytes.is_empty() || bytes.len() > 4 || bytes[0] == 0 {
        return Err(RlpError::NonCanonical);
    }
    let mut len = 0usize;
    for &b in bytes {
        len = (len << 8) | b as usize;
    }
    if len < 56 {
        return Err(RlpError::NonCanonical);
    }
    Ok(len)
}

/// Decodes the first item of `buf`, returning it and the bytes after it.
pub fn decode_item(buf: &[u8]) -> Result<(Item<'_>, &[u8]), RlpError> {
    let (&first, rest) = buf.split_first().ok_or(RlpError::Truncated)?;
    let (is_list, header_len, payload_len) = match first {
        0x00..=0x7f => (false, 0, 1),
        0x80..=0xb7 => (false, 1, (first - 0x80) as usize),
        0xb8..=0xbf => {
            let n = (first - 0xb7) as usize;
            let len = read_len(rest.get(..n).ok_or(RlpError::Truncated)?)?;
            (false, 1 + n, len)
        }
        0xc0..=0xf7 => (true, 1, (first - 0xc0) as usize),
        0xf8..=0xff => {
            let n = (first - 0xf7) as usize;
            let len = read_len(rest.get(..n).ok_or(RlpError::Truncated)?)?;
            (true, 1 + n, len)
        }
    };
    let end = header_len
        .checked_add(payload_len)
        .ok_or(RlpError::Truncated)?;
    let raw = buf.get(..end).ok_or(RlpError::Truncated)?;
    let payload = if header_len == 0 {
        raw
    } else {
        &raw[header_len..]
    };
    if first == 0x81 && payload[0] < 0x80 {
        return Err(RlpError::NonCanonical);
    }
    Ok((
        Item {
            is_list,
            payload,
            raw,
        },
        &buf[end..],
    ))
}

/// Decodes `buf` as exactly one list, returning an iterator over its items.
pub fn decode_list(buf: &[u8]) -> Result<ListIter<'_>, RlpError> {
    let (item, rest) = decode_item(buf)?;
    if !rest.is_empty() {
        return Err(RlpError::TrailingBytes);
    }
    item.list()
}

impl<'a> Item<'a> {
    /// The items of a list.
    pub fn list(&self) -> Result<ListIter<'a>, RlpError> {
        if !self.is_list {
            return Err(RlpError::UnexpectedKind);
        }
        Ok(ListIter { rest: self.payload })
    }

    /// The bytes of a string.
    pub fn bytes(&self) -> Result<&'a [u8], RlpError> {
        if self.is_list {
            return Err(RlpError::UnexpectedKind);
        }
        Ok(self.payload)
    }

    /// A canonical big-endian integer of at most `max` bytes (no leading zero byte).
    fn uint_bytes(&self, max: usize) -> Result<&'a [u8], RlpError> {
        let b = self.bytes()?;
        if b.len() > max || b.first() == Some(&0) {
            return Err(RlpError::BadValue);
        }
        Ok(b)
    }

    /// A u64 integer.
    pub fn u64(&self) -> Result<u64, RlpError> {
        Ok(self
            .uint_bytes(8)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | b as u64))
    }

    /// A 256-bit integer.
    pub fn u256(&self) -> Result<U256, RlpError> {
        Ok(U256::from_be_slice(self.uint_bytes(32)?))
    }

    /// A 20-byte address.
    pub fn address(&self) -> Result<Address, RlpError> {
        let b = self.bytes()?;
        if b.len() != 20 {
            return Err(RlpError::BadValue);
        }
        Ok(Address::from_slice(b))
    }
}

/// Iterator over the items of a list payload.
#[derive(Clone, Debug)]
pub struct ListIter<'a> {
    rest: &'a [u8],
}

impl<'a> ListIter<'a> {
    /// The next item, or an error if the list has no more items.
    pub fn next_item(&mut self) -> Result<Item<'a>, RlpError> {
        let (item, rest) = decode_item(self.rest)?;
        self.rest = rest;
        Ok(item)
    }

    /// True when every item has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }
}

/// Writes an RLP list header for a payload of `len` bytes into `out`, returning its length.
pub fn list_header(len: usize, out: &mut [u8; 9]) -> usize {
    if len < 56 {
        out[0] = 0xc0 + len as u8;
        return 1;
    }
    let bytes = (len as u64).to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let n = 8 - skip;
    out[0] = 0xf7 + n as u8;
    out[1..1 + n].copy_from_slice(&bytes[skip..]);
    1 + n
}

/// Writes the RLP encoding of the integer `v` into `out`, returning its length.
pub fn encode_u64(v: u64, out: &mut [u8; 9]) -> usize {
    if v == 0 {
        out[0] = 0x80;
        return 1;
    }
    if v < 0x80 {
        out[0] = v as u8;
        return 1;
    }
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let n = 8 - skip;
    out[0] = 0x80 + n as u8;
    out[1..1 + n].copy_from_slice(&bytes[skip..]);
    1 + n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_rejects() {
        // ["cat", "dog"]
        let data = [0xc8, 0x83, b'c', b'a', b't', 0x83, b'd', b'o', b'g'];
        let mut list = decode_list(&data).expect("list");
        assert_eq!(list.next_item().expect("cat").bytes(), Ok(&b"cat"[..]));
        assert_eq!(list.next_item().expect("dog").raw, &data[5..]);
        assert!(list.is_empty());
        assert_eq!(decode_list(&data[..8]).err(), Some(RlpError::Truncated));
        let mut trailing = data.to_vec();
        trailing.push(0);
        assert_eq!(decode_list(&trailing).err(), Some(RlpError::TrailingBytes));
        // 0x81 0x05 must be encoded as 0x05.
        assert_eq!(
            decode_item(&[0x81, 0x05]).err(),
            Some(RlpError::NonCanonical)
        );
        // A long form for a short string.
        assert_eq!(
            decode_item(&[0xb8, 0x02, 1, 2]).err(),
            Some(RlpError::NonCanonical)
        );
        let (item, _) = decode_item(&[0x82, 0x00, 0x01]).expect("item");
        assert_eq!(item.u64(), Err(RlpError::BadValue));
        let (item, _) = decode_item(&[0x82, 0x01, 0x00]).expect("item");
        assert_eq!(item.u64(), Ok(256));
        assert_eq!(item.u256(), Ok(U256::from_u64(256)));
    }

    #[test]
    fn encodes_headers_and_integers() {
        let enc = |f: &dyn Fn(&mut [u8; 9]) -> usize| {
            let mut out = [0u8; 9];
            let n = f(&mut out);
            out[..n].to_vec()
        };
        assert_eq!(enc(&|o| list_header(3, o)), [0xc3]);
        assert_eq!(enc(&|o| list_header(300, o)), [0xf9, 0x01, 0x2c]);
        assert_eq!(enc(&|o| encode_u64(0, o)), [0x80]);
        assert_eq!(enc(&|o| encode_u64(0x7f, o)), [0x7f]);
        assert_eq!(enc(&|o| encode_u64(1337, o)), [0x82, 0x05, 0x39]);
    }
}
