//! How a job was submitted, recorded in the job itself (its global job parameters, readable by any runner
//! through `GET /jobs/:id/config`), so `fsp upgrade` can submit exactly the same job again from anywhere.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{JarSource, Plan};

/// The Flink option whose entries show up in `GET /jobs/:id/config` as `user-config`.
pub const GLOBAL_JOB_PARAMETERS: &str = "pipeline.global-job-parameters";
/// The `user-config` key under which fsp records how it submitted a job.
pub const RECIPE_KEY: &str = "fsp.submission";

/// How a job was submitted: enough to submit exactly the same job again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    pub jar_id: String,
    #[serde(default)]
    pub entry_class: Option<String>,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub parallelism: Option<u32>,
    #[serde(default)]
    pub allow_non_restored_state: bool,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// The absolute path of the local jar fsp uploaded (or was told is the jar of `jar_id`): a jar id does not
    /// survive a JobManager restart unless `web.upload.dir` is persistent. Absent in older recipes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_path: Option<String>,
    /// The SHA-256 (hex) of that jar when it was uploaded, so a changed file is noticed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_sha256: Option<String>,
}

impl Recipe {
    /// How `plan` was submitted as `jar_id`; `jar` is the local jar and its SHA-256, when known.
    pub fn of(plan: &Plan, jar_id: &str, jar: Option<(String, Option<String>)>) -> Recipe {
        let (jar_path, jar_sha256) = jar.unzip();
        let jar_sha256 = jar_sha256.flatten();
        Recipe {
            jar_id: jar_id.to_string(),
            entry_class: plan.entry_class.clone(),
            args: plan.program_args.clone(),
            parallelism: plan.parallelism,
            allow_non_restored_state: plan.allow_non_restored_state,
            properties: plan.properties.clone(),
            jar_path,
            jar_sha256,
        }
    }

    /// base64url of the JSON: no `,` or `:`, which separate entries of a Flink map option.
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    pub fn decode(s: &str) -> Option<Recipe> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// A plan that submits this job again, from `savepoint`.
    pub fn plan(&self, savepoint: Option<String>) -> Plan {
        Plan {
            jar: JarSource::Uploaded(self.jar_id.clone()),
            program_args: self.args.clone(),
            entry_class: self.entry_class.clone(),
            parallelism: self.parallelism,
            savepoint,
            allow_non_restored_state: self.allow_non_restored_state,
            claim_mode: None,
            properties: self.properties.clone(),
            jar_file: self.jar_path.as_ref().map(|p| (p.into(), self.jar_sha256.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipe_round_trip() {
        let plan = Plan {
            jar: JarSource::Uploaded("x_job.jar".into()),
            program_args: vec!["--a".into(), "b,c:d".into()],
            entry_class: Some("a.B".into()),
            parallelism: Some(2),
            allow_non_restored_state: true,
            ..Default::default()
        };
        let r = Recipe::of(&plan, "x_job.jar", Some(("/jars/job.jar".into(), Some("ab".repeat(32)))));
        let enc = r.encode();
        assert!(!enc.contains(',') && !enc.contains(':') && !enc.contains('='), "{enc}");
        assert_eq!(Recipe::decode(&enc), Some(r.clone()));
        assert_eq!(Recipe::decode("not base64!"), None);
        let again = r.plan(Some("/sp".into()));
        assert_eq!(again.program_args, plan.program_args);
        assert_eq!(again.savepoint.as_deref(), Some("/sp"));
        assert_eq!(again.jar, JarSource::Uploaded("x_job.jar".into()));
        assert_eq!(again.jar_file, Some(("/jars/job.jar".into(), Some("ab".repeat(32)))));
    }

    #[test]
    fn an_older_recipe_without_a_jar_path_still_decodes() {
        use base64::Engine;
        let old = r#"{"jar_id":"x_job.jar","entry_class":null,"args":["--a"],"parallelism":2,"allow_non_restored_state":false,"properties":{}}"#;
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(old);
        let r = Recipe::decode(&enc).expect("an older recipe decodes");
        assert_eq!((r.jar_path, r.jar_sha256, r.args), (None, None, vec!["--a".to_string()]));
    }
}
