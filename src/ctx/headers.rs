//! The headers sent with every request, from every place that can name one.

use crate::cli::GlobalArgs;
use crate::output::Output;
use crate::profile::Profile;
use crate::rest;

use super::Env;

/// A header to send with every request, and where it came from (for `fsp config show`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
    pub source: String,
}

/// Every header to send, later ones replacing earlier ones of the same name: `FLINK_REST_CLIENT_HEADERS`,
/// the profile's headers, basic auth from the URL's `user:password`, a bearer token (`FSP_TOKEN`, else the
/// profile's `token_env`), then `-H`. `profile` is the selected profile and how to name it in a source
/// ("cluster 'prod' in …/config.toml").
pub(super) fn request_headers(
    global: &GlobalArgs,
    env: &Env,
    profile: Option<(&Profile, &str)>,
    url: Option<&str>,
    out: &Output,
) -> Vec<Header> {
    use base64::Engine;
    let mut headers = Vec::new();
    let mut add = |name: &str, value: String, source: String| {
        headers.push(Header { name: name.to_string(), value, source });
    };
    if let Some(h) = &env.flink_rest_client_headers {
        let (parsed, malformed) = rest::parse_flink_headers(h);
        if malformed > 0 {
            out.warn(format!(
                "skipped {malformed} malformed line(s) of FLINK_REST_CLIENT_HEADERS (expected newline-separated Name:Value)"
            ));
        }
        for (name, value) in parsed {
            add(&name, value, "FLINK_REST_CLIENT_HEADERS".into());
        }
    }
    if let Some((p, label)) = profile {
        for (name, value) in &p.headers {
            add(name, value.clone(), format!("headers of {label}"));
        }
    }
    if let Some((user, pass)) = url.and_then(rest::url_credentials) {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        add("Authorization", format!("Basic {basic}"), "user:password in the URL".into());
    }
    let profile_token = profile.and_then(|(p, label)| {
        let name = p.token_env.as_ref()?;
        let token = env.vars.get(name).filter(|t| !t.is_empty());
        if token.is_none() && env.token.is_none() {
            out.warn(format!("${name} (token_env of {label}) is not set: no bearer token is sent"));
        }
        Some((token?, format!("${name} (token_env of {label})")))
    });
    if let Some(token) = &env.token {
        add("Authorization", format!("Bearer {token}"), "FSP_TOKEN".into());
    } else if let Some((token, source)) = profile_token {
        add("Authorization", format!("Bearer {token}"), source);
    }
    for (name, value) in &global.headers {
        add(name, value.clone(), "-H/--header".into());
    }
    headers
}

/// The headers that are sent: of several with the same name (in any case), the last.
pub(super) fn effective_headers(headers: &[Header]) -> Vec<&Header> {
    headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !headers[i + 1..].iter().any(|later| later.name.eq_ignore_ascii_case(&h.name)))
        .map(|(_, h)| h)
        .collect()
}

/// Header values that are credentials, shown as `****`.
pub(super) fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["authorization", "cookie", "token", "secret", "key", "auth", "password"].iter().any(|s| n.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile;

    fn global(args: &[&str]) -> GlobalArgs {
        let mut all = vec!["fsp"];
        all.extend_from_slice(args);
        all.push("list");
        crate::argv::parse_from(all).unwrap().global
    }

    #[test]
    fn headers_in_order_later_ones_win() {
        let out = Output::new(crate::cli::OutputFormat::Text, true, false);
        let env = Env {
            flink_rest_client_headers: Some("X-A:1\nAuthorization:from-env\nbroken".into()),
            token: Some("tok".into()),
            ..Default::default()
        };
        let g = global(&["-m", "http://u:p%40ss@jm:1", "-H", "X-B: 2"]);
        let h = request_headers(&g, &env, None, g.jobmanager.as_deref(), &out);
        let pairs: Vec<(&str, &str, &str)> =
            h.iter().map(|h| (h.name.as_str(), h.value.as_str(), h.source.as_str())).collect();
        assert_eq!(
            pairs,
            vec![
                ("X-A", "1", "FLINK_REST_CLIENT_HEADERS"),
                ("Authorization", "from-env", "FLINK_REST_CLIENT_HEADERS"),
                ("Authorization", "Basic dTpwQHNz", "user:password in the URL"),
                ("Authorization", "Bearer tok", "FSP_TOKEN"),
                ("X-B", "2", "-H/--header"),
            ]
        );
        let sent: Vec<&str> = effective_headers(&h).iter().map(|h| h.source.as_str()).collect();
        assert_eq!(sent, ["FLINK_REST_CLIENT_HEADERS", "FSP_TOKEN", "-H/--header"]);
        assert!(request_headers(&global(&[]), &Env::default(), None, None, &out).is_empty());
    }

    #[test]
    fn profile_headers_and_token_env() {
        let out = Output::new(crate::cli::OutputFormat::Text, true, false);
        let p = profile::parse("[clusters.p]\ntoken_env = \"MY_TOKEN\"\nheaders = { \"x-tenant\" = \"a\" }\n")
            .unwrap()
            .clusters
            .remove("p")
            .unwrap();
        let mut env = Env::default();
        env.vars.insert("MY_TOKEN".into(), "t0k".into());
        let h = request_headers(&global(&["-H", "X-Tenant: b"]), &env, Some((&p, "cluster 'p' in c")), None, &out);
        let eff: Vec<(&str, &str, &str)> =
            effective_headers(&h).iter().map(|h| (h.name.as_str(), h.value.as_str(), h.source.as_str())).collect();
        assert_eq!(
            eff,
            [
                ("Authorization", "Bearer t0k", "$MY_TOKEN (token_env of cluster 'p' in c)"),
                ("X-Tenant", "b", "-H/--header"),
            ],
            "a flag beats the profile, whatever the case of the name"
        );
        // FSP_TOKEN beats the profile's token_env
        env.token = Some("env-tok".into());
        let h = request_headers(&global(&[]), &env, Some((&p, "c")), None, &out);
        assert_eq!(h.last().unwrap().value, "Bearer env-tok");
    }
}
