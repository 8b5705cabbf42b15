
use builtin;
use str;

set edit:completion:arg-completer[fsp] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'fsp'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'fsp'= {
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand savepoint 'Trigger a savepoint and wait for its path, or dispose of one with -d'
            cand cancel 'Cancel a job, optionally taking a savepoint first (-s)'
            cand stop 'Stop a streaming job with a savepoint (suspend, or drain with -d)'
            cand run 'Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint'
            cand list 'List jobs: running and scheduled by default, all with -a'
            cand checkpoint 'Trigger a checkpoint and wait for it (Flink 1.19 and later)'
            cand inspect 'Read a savepoint''s or checkpoint''s _metadata offline: operators, state, files'
            cand upgrade 'Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy'
            cand generate 'Write shell completions or man pages generated from this command line (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fsp;savepoint'= {
            cand -d 'Dispose of the savepoint at PATH through the cluster instead of triggering one'
            cand --dispose 'Dispose of the savepoint at PATH through the cluster instead of triggering one'
            cand -t 'Savepoint format'
            cand --type 'Savepoint format'
            cand --trigger-id 'Wait for a savepoint triggered earlier (with --detached) instead of triggering one'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand --detached 'Return right after triggering and print the trigger id'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;cancel'= {
            cand -s 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink''s `cancel -s <jobid>` form, where the value is the job id, works too)'
            cand --with-savepoint 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink''s `cancel -s <jobid>` form, where the value is the job id, works too)'
            cand --withSavepoint 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink''s `cancel -s <jobid>` form, where the value is the job id, works too)'
            cand -t 'Savepoint format, with -s'
            cand --type 'Savepoint format, with -s'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;stop'= {
            cand -p 'Where to write the savepoint (Flink''s `stop -p <jobid>` form, where the value is the job id, works too)'
            cand --savepoint-path 'Where to write the savepoint (Flink''s `stop -p <jobid>` form, where the value is the job id, works too)'
            cand --savepointPath 'Where to write the savepoint (Flink''s `stop -p <jobid>` form, where the value is the job id, works too)'
            cand -t 'Savepoint format'
            cand --type 'Savepoint format'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -d 'Emit MAX_WATERMARK before stopping, firing all event-time timers (ends the job for good)'
            cand --drain 'Emit MAX_WATERMARK before stopping, firing all event-time timers (ends the job for good)'
            cand --detached 'Return right after triggering and print the trigger id'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;run'= {
            cand --jar-id 'Run a jar already uploaded to the cluster (its id from `GET /jars`) instead of uploading one'
            cand -s 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI'
            cand --from-savepoint 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI'
            cand --fromSavepoint 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI'
            cand --claim-mode 'Who owns the restored snapshot (only with -s)'
            cand --claimMode 'Who owns the restored snapshot (only with -s)'
            cand --restore-mode 'Deprecated spelling of --claim-mode'
            cand --restoreMode 'Deprecated spelling of --claim-mode'
            cand -c 'The job''s entry class; default: the jar manifest''s'
            cand --class 'The job''s entry class; default: the jar manifest''s'
            cand -p 'The job''s default parallelism'
            cand --parallelism 'The job''s default parallelism'
            cand -D 'A Flink configuration entry for this job (repeatable)'
            cand --uid 'With --check: a uid the new job has (repeatable); chained operators are only visible by their uids'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -n 'Skip savepoint state that cannot be mapped to the new program'
            cand --allow-non-restored-state 'Skip savepoint state that cannot be mapped to the new program'
            cand --allowNonRestoredState 'Skip savepoint state that cannot be mapped to the new program'
            cand -d 'Return once the job is submitted instead of waiting for it to be RUNNING'
            cand --detached 'Return once the job is submitted instead of waiting for it to be RUNNING'
            cand --check 'Submit nothing: compare the savepoint''s operators with the new job''s plan and report which state would not be restored (needs -n) and which operators start empty'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;list'= {
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -r 'Only running (and restarting) jobs'
            cand --running 'Only running (and restarting) jobs'
            cand -s 'Only scheduled (created, initializing) jobs'
            cand --scheduled 'Only scheduled (created, initializing) jobs'
            cand -a 'All jobs, finished ones included'
            cand --all 'All jobs, finished ones included'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;checkpoint'= {
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand --full 'A full checkpoint, even when the job checkpoints incrementally'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;inspect'= {
            cand --uid 'A uid to look for among the operators (repeatable); Flink hashes it to the operator id'
            cand --uids-from 'Read uids to look for from FILE, one per line'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand --files 'List every file the snapshot references, and whether it exists'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;upgrade'= {
            cand -c 'The new job''s entry class; default: the jar manifest''s'
            cand --class 'The new job''s entry class; default: the jar manifest''s'
            cand -p 'The new job''s default parallelism'
            cand --parallelism 'The new job''s default parallelism'
            cand --claim-mode 'Who owns the restored snapshot; `claim` can make a rollback impossible'
            cand --claimMode 'Who owns the restored snapshot; `claim` can make a rollback impossible'
            cand -D 'A Flink configuration entry for the new job (repeatable)'
            cand --mode 'How to end the old job: stop with a savepoint, or take a savepoint and cancel'
            cand --savepoint-dir 'Where to write the savepoint; default: the cluster''s execution.checkpointing.savepoint-dir'
            cand -t 'Savepoint format'
            cand --type 'Savepoint format'
            cand --fallback-to-checkpoint 'If no savepoint can be taken, use the job''s latest retained checkpoint if younger than MAX_AGE (default 1h)'
            cand --healthy-after 'With checkpointing off: how long the new job must stay RUNNING to count as healthy'
            cand --rollback-jar 'The previous job''s jar, for a rollback when fsp did not submit that job'
            cand --rollback-class 'The previous job''s entry class, with --rollback-jar'
            cand --rollback-args 'The previous job''s arguments, with --rollback-jar (one string, split like a shell would)'
            cand --rollback-parallelism 'The previous job''s parallelism, with --rollback-jar'
            cand --state-file 'Where to record progress, so a retry resumes; default: a file per job in fsp''s state directory'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -n 'Let the new job skip savepoint state it has no operator for'
            cand --allow-non-restored-state 'Let the new job skip savepoint state it has no operator for'
            cand --allowNonRestoredState 'Let the new job skip savepoint state it has no operator for'
            cand -d 'With --mode stop: emit MAX_WATERMARK before stopping, firing all event-time timers'
            cand --drain 'With --mode stop: emit MAX_WATERMARK before stopping, firing all event-time timers'
            cand --dry-run 'Print the plan and check what can be checked, changing nothing'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;generate'= {
            cand --dir 'The directory to write into'
            cand -m 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand --jobmanager 'JobManager REST address: host:port or http(s)://host:port[/path]'
            cand -o 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --output 'Output format: human-readable text, or exactly one JSON object on stdout'
            cand --timeout 'How long to wait for an operation to finish (e.g. 90s, 10m)'
            cand --connect-timeout 'How long to wait for a TCP connection to the JobManager'
            cand -v 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand --verbose 'Show the full error chain, Java stack traces included, and each HTTP request'
            cand -q 'Print only data and errors: no progress, no hints'
            cand --quiet 'Print only data and errors: no progress, no hints'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fsp;help'= {
            cand savepoint 'Trigger a savepoint and wait for its path, or dispose of one with -d'
            cand cancel 'Cancel a job, optionally taking a savepoint first (-s)'
            cand stop 'Stop a streaming job with a savepoint (suspend, or drain with -d)'
            cand run 'Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint'
            cand list 'List jobs: running and scheduled by default, all with -a'
            cand checkpoint 'Trigger a checkpoint and wait for it (Flink 1.19 and later)'
            cand inspect 'Read a savepoint''s or checkpoint''s _metadata offline: operators, state, files'
            cand upgrade 'Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy'
            cand generate 'Write shell completions or man pages generated from this command line (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fsp;help;savepoint'= {
        }
        &'fsp;help;cancel'= {
        }
        &'fsp;help;stop'= {
        }
        &'fsp;help;run'= {
        }
        &'fsp;help;list'= {
        }
        &'fsp;help;checkpoint'= {
        }
        &'fsp;help;inspect'= {
        }
        &'fsp;help;upgrade'= {
        }
        &'fsp;help;generate'= {
        }
        &'fsp;help;help'= {
        }
    ]
    $completions[$command]
}
