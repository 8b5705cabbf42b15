//! `--name GLOB`: shell-style patterns on job names. `*` is any run of characters (none too), `?` any one
//! character, `[abc]` / `[a-z]` one of a set, `[!a-z]` (or `[^a-z]`) one outside it; a `]` first in a set is
//! itself, and `[*]` is a literal `*`. The whole name must match. Small enough to keep here rather than add a
//! dependency.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`
    One,
    /// `*`
    Any,
    /// `[…]`: inclusive ranges (a single character is a range of one), negated with `!` or `^`.
    Set {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A parsed glob pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

/// Why a pattern does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(&'static str);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    pub fn new(text: &str) -> Result<Pattern, PatternError> {
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' => {
                    // `**` is the same as `*`
                    if tokens.last() != Some(&Token::Any) {
                        tokens.push(Token::Any);
                    }
                }
                '?' => tokens.push(Token::One),
                '[' => {
                    let (token, end) = set(&chars, i + 1)?;
                    tokens.push(token);
                    i = end;
                }
                c => tokens.push(Token::Char(c)),
            }
            i += 1;
        }
        Ok(Pattern { tokens })
    }

    /// Whether the whole of `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        let name: Vec<char> = name.chars().collect();
        let (mut t, mut n) = (0, 0);
        // where the last `*` was, and how much of the name it has taken so far
        let mut star: Option<(usize, usize)> = None;
        while n < name.len() {
            match self.tokens.get(t) {
                Some(Token::Any) => {
                    star = Some((t, n));
                    t += 1;
                    continue;
                }
                Some(token) if one(token, name[n]) => {
                    t += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
            // a mismatch: let the last `*` take one more character, or fail
            let Some((st, sn)) = star else { return false };
            star = Some((st, sn + 1));
            t = st + 1;
            n = sn + 1;
        }
        self.tokens[t..].iter().all(|tok| *tok == Token::Any)
    }
}

/// Whether a token other than `*` matches one character.
fn one(token: &Token, c: char) -> bool {
    match token {
        Token::Char(x) => *x == c,
        Token::One => true,
        Token::Set { negated, ranges } => ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated,
        Token::Any => false,
    }
}

/// The set starting after a `[` at `start`: the token, and the index of its closing `]`.
fn set(chars: &[char], start: usize) -> Result<(Token, usize), PatternError> {
    let mut i = start;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let first = i;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(PatternError("a '[' is not closed by ']' (write [[] for a literal '[')"));
        };
        if c == ']' && i > first {
            break;
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&h| h != ']') {
            let hi = chars[i + 2];
            if hi < c {
                return Err(PatternError("a range in [...] runs backwards (write [a-z], not [z-a])"));
            }
            ranges.push((c, hi));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    Ok((Token::Set { negated, ranges }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_a_shell() {
        let cases: &[(&str, &str, bool)] = &[
            ("orders", "orders", true),
            ("orders", "orders-1", false),
            ("orders-*", "orders-", true),
            ("orders-*", "orders-eu-1", true),
            ("orders-*", "order", false),
            ("*", "", true),
            ("*", "anything at all", true),
            ("", "", true),
            ("", "x", false),
            ("*-eu", "orders-eu", true),
            ("*-eu", "orders-eu-2", false),
            ("*eu*", "orders-eu-2", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("a**c", "abc", true),
            ("?", "x", true),
            ("?", "", false),
            ("job-?", "job-7", true),
            ("job-?", "job-17", false),
            ("job-[0-9]", "job-7", true),
            ("job-[0-9]", "job-x", false),
            ("job-[!0-9]", "job-x", true),
            ("job-[^0-9]", "job-7", false),
            ("[ab]-*", "b-1", true),
            ("[ab]-*", "c-1", false),
            ("[]]", "]", true),
            ("[!]]", "]", false),
            ("[a-]", "-", true),
            ("[*]", "*", true),
            ("[*]", "x", false),
            ("[[]x", "[x", true),
            ("f?eet-*-[a-c]", "fleet-x-b", true),
            // characters, not bytes
            ("caf?", "café", true),
            ("*é", "café", true),
        ];
        for (pattern, name, want) in cases {
            let p = Pattern::new(pattern).unwrap();
            assert_eq!(p.matches(name), *want, "{pattern:?} on {name:?}");
        }
    }

    #[test]
    fn bad_patterns_say_why() {
        assert!(Pattern::new("orders-[").unwrap_err().to_string().contains("not closed"));
        assert!(Pattern::new("[!").unwrap_err().to_string().contains("not closed"));
        assert!(Pattern::new("[]").unwrap_err().to_string().contains("not closed"));
        assert!(Pattern::new("[z-a]").unwrap_err().to_string().contains("backwards"));
    }
}
