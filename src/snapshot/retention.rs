//! Which savepoints (and retained checkpoints) a prune may delete: pure rules over what storage and the
//! cluster said. Nothing here touches a file.
//!
//! Never deleted: the newest complete snapshot of a job; one in use (the restore source of a running job) or
//! whose use is unknown (the cluster could not be asked); one younger than the grace period (it may still be
//! being written); one whose `_metadata` cannot be read; a checkpoint unless checkpoints were asked for.
//! Otherwise the newest `keep` complete snapshots of each job stay, and with `max_age` only those older than
//! it go. Newest means the highest checkpoint id from `_metadata` ([`super::recency`]), the time only between
//! equal ids: an old savepoint copied back is not the newest. A directory with no `_metadata` at all, past the grace period and not in use, goes: it is a failed
//! savepoint or what an interrupted prune left, and nothing can restore from it.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::{InUse, Kind, Snapshot};

#[derive(Debug, Clone)]
pub struct Rules {
    pub keep: usize,
    pub max_age: Option<Duration>,
    pub grace: Duration,
    pub include_checkpoints: bool,
    pub now_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub path: String,
    pub delete: bool,
    pub reason: String,
}

/// Why a snapshot must stay whatever the count says: in use, use unknown, young, or a checkpoint not asked for.
fn protected(s: &Snapshot, age_ms: u128, rules: &Rules) -> Option<String> {
    let (young, checkpoint) = if s.complete {
        ("younger than the grace period", "a retained checkpoint")
    } else {
        ("no _metadata yet, younger than the grace period", "an unfinished checkpoint")
    };
    match &s.in_use {
        InUse::Yes(why) => Some(format!("in use: {why}")),
        InUse::Unknown => Some("the cluster could not be asked whether it is in use".into()),
        InUse::No => None,
    }
    .or_else(|| (age_ms < rules.grace.as_millis()).then(|| format!("{young}: it may still be being written")))
    .or_else(|| {
        (s.kind == Kind::Checkpoint && !rules.include_checkpoints)
            .then(|| format!("{checkpoint} (add --include-checkpoints)"))
    })
}

pub fn decide(snapshots: &[Snapshot], rules: &Rules) -> Vec<Decision> {
    let mut by_job: BTreeMap<&str, Vec<&Snapshot>> = BTreeMap::new();
    for s in snapshots {
        by_job.entry(s.job.as_str()).or_default().push(s);
    }
    let mut out = Vec::new();
    for (job, mut snaps) in by_job {
        snaps.sort_by(|a, b| super::recency(b).cmp(&super::recency(a)));
        let mut complete_seen = 0;
        for s in snaps {
            let age_ms = rules.now_ms.saturating_sub(s.time_ms).max(0) as u128;
            let keep = |reason: String| Decision { path: s.path.clone(), delete: false, reason };
            let d = if s.has_metadata && !s.complete {
                keep("its _metadata is unreadable (damaged, or a format newer than fsp knows): left alone".into())
            } else if !s.complete {
                match protected(s, age_ms, rules) {
                    Some(why) => keep(why),
                    None => Decision {
                        path: s.path.clone(),
                        delete: true,
                        reason:
                            "no _metadata: a failed savepoint or an interrupted delete, nothing can restore from it"
                                .into(),
                    },
                }
            } else {
                complete_seen += 1;
                if complete_seen == 1 {
                    keep(format!("newest complete snapshot of job {job}"))
                } else if let Some(why) = protected(s, age_ms, rules) {
                    keep(why)
                } else if complete_seen <= rules.keep {
                    keep(format!("one of the newest {} of job {job}", rules.keep))
                } else if rules.max_age.is_some_and(|m| age_ms < m.as_millis()) {
                    keep("younger than --max-age".into())
                } else {
                    Decision {
                        path: s.path.clone(),
                        delete: true,
                        reason: format!("older than the newest {} of job {job}", rules.keep),
                    }
                }
            };
            out.push(d);
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    const NOW: i64 = 1_000 * HOUR;

    fn sp(name: &str, job: &str, hours_ago: i64) -> Snapshot {
        Snapshot {
            path: format!("/sp/{name}"),
            kind: Kind::Savepoint,
            job: job.into(),
            time_ms: NOW - hours_ago * HOUR,
            size: 1,
            checkpoint_id: None,
            complete: true,
            has_metadata: true,
            self_contained: true,
            format: Some("CANONICAL".into()),
            in_use: InUse::No,
        }
    }

    fn rules(keep: usize) -> Rules {
        Rules { keep, max_age: None, grace: Duration::from_secs(600), include_checkpoints: false, now_ms: NOW }
    }

    fn deleted(d: &[Decision]) -> Vec<&str> {
        d.iter().filter(|d| d.delete).map(|d| d.path.as_str()).collect()
    }

    #[test]
    fn keeps_the_newest_n_per_job() {
        let s = vec![sp("a1", "a", 5), sp("a2", "a", 4), sp("a3", "a", 3), sp("b1", "b", 9)];
        assert_eq!(deleted(&decide(&s, &rules(2))), vec!["/sp/a1"]);
        assert_eq!(deleted(&decide(&s, &rules(0))), vec!["/sp/a1", "/sp/a2"], "the newest complete one always stays");
    }

    #[test]
    fn never_in_use_unknown_young_or_incomplete() {
        let mut s = vec![
            sp("new", "a", 1),
            sp("used", "a", 5),
            sp("unknown", "a", 6),
            sp("young", "a", 0),
            sp("broken", "a", 9),
        ];
        s[1].in_use = InUse::Yes("restore source of job x".into());
        s[2].in_use = InUse::Unknown;
        s[3].time_ms = NOW - 60_000; // a minute old: newest, and within the grace period
        s[4].complete = false;
        let d = decide(&s, &rules(0));
        assert_eq!(deleted(&d), vec!["/sp/new"], "{d:#?}");
        let reason = |p: &str| d.iter().find(|d| d.path == p).unwrap().reason.clone();
        assert!(reason("/sp/used").starts_with("in use"));
        assert!(reason("/sp/unknown").contains("could not be asked"));
        assert!(reason("/sp/broken").contains("unreadable"));
        assert!(reason("/sp/young").starts_with("newest complete"));
    }

    #[test]
    fn a_directory_without_metadata_goes_only_when_old_and_unused() {
        let mut s = vec![sp("new", "a", 1), sp("left", "a", 9), sp("writing", "a", 0), sp("chk", "a", 9)];
        for x in &mut s[1..] {
            (x.complete, x.has_metadata) = (false, false);
        }
        s[2].time_ms = NOW - 60_000;
        s[3].kind = Kind::Checkpoint;
        let d = decide(&s, &rules(5));
        assert_eq!(deleted(&d), vec!["/sp/left"], "{d:#?}");
        assert!(d.iter().any(|x| x.path == "/sp/writing" && x.reason.contains("grace")));
        s[1].in_use = InUse::Unknown;
        assert!(deleted(&decide(&s, &rules(5))).is_empty(), "use unknown: kept");
        s[1].in_use = InUse::Yes("x".into());
        assert!(deleted(&decide(&s, &rules(5))).is_empty(), "in use: kept");
        s[1].in_use = InUse::No;
        let mut r = rules(5);
        r.include_checkpoints = true;
        assert_eq!(deleted(&decide(&s, &r)), vec!["/sp/chk", "/sp/left"]);
    }

    #[test]
    fn grace_and_max_age() {
        let s = vec![sp("a1", "a", 0), sp("a2", "a", 0), sp("a3", "a", 48)];
        let mut r = rules(0);
        r.grace = Duration::from_secs(2 * 3600);
        assert_eq!(deleted(&decide(&s, &r)), vec!["/sp/a3"], "a2 is inside the grace period");
        r.max_age = Some(Duration::from_secs(72 * 3600));
        assert!(deleted(&decide(&s, &r)).is_empty(), "nothing older than 72h");
    }

    #[test]
    fn checkpoints_only_when_asked() {
        let mut s = vec![sp("chk-3", "a", 1), sp("chk-2", "a", 5)];
        for x in &mut s {
            x.kind = Kind::Checkpoint;
        }
        assert!(deleted(&decide(&s, &rules(0))).is_empty());
        let mut r = rules(0);
        r.include_checkpoints = true;
        assert_eq!(deleted(&decide(&s, &r)), vec!["/sp/chk-2"]);
    }

    #[test]
    fn newest_by_checkpoint_id_not_by_time() {
        // a2 has the highest id but the oldest file (a1 was copied back later, so it looks newest)
        let mut s = vec![sp("a1", "a", 1), sp("a2", "a", 9), sp("a3", "a", 5)];
        for (x, id) in s.iter_mut().zip([3, 7, 5]) {
            x.checkpoint_id = Some(id);
        }
        let d = decide(&s, &rules(1));
        assert_eq!(deleted(&d), vec!["/sp/a1", "/sp/a3"], "{d:#?}");
        assert!(d.iter().any(|x| x.path == "/sp/a2" && x.reason.starts_with("newest complete")));
    }

    #[test]
    fn idempotent() {
        let s = vec![sp("a1", "a", 5), sp("a2", "a", 4), sp("a3", "a", 3)];
        let first = decide(&s, &rules(1));
        let left: Vec<Snapshot> = s.into_iter().filter(|x| !deleted(&first).contains(&x.path.as_str())).collect();
        assert!(deleted(&decide(&left, &rules(1))).is_empty(), "a second run deletes nothing more");
    }
}
