# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_fsp_global_optspecs
    string join \n m/jobmanager= o/output= cluster= timeout= connect-timeout= v/verbose color= q/quiet ca-cert= client-cert= client-key= insecure H/header= h/help V/version
end

function __fish_fsp_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_fsp_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_fsp_using_subcommand
    set -l cmd (__fish_fsp_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c fsp -n "__fish_fsp_needs_command" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_needs_command" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_needs_command" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_needs_command" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_needs_command" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_needs_command" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_needs_command" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_needs_command" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_needs_command" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_needs_command" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_needs_command" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_needs_command" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_needs_command" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fsp -n "__fish_fsp_needs_command" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "savepoint" -d 'Trigger a savepoint and wait for its path, or dispose of one with -d'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "cancel" -d 'Cancel a job, optionally taking a savepoint first (-s)'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "stop" -d 'Stop a streaming job with a savepoint (suspend, or drain with -d)'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "run" -d 'Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "list" -d 'List jobs: running and scheduled by default, all with -a'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "checkpoint" -d 'Trigger a checkpoint and wait for it (Flink 1.19 and later)'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "checkpoints" -d 'Show a job\'s checkpoint configuration and statistics: latest completed, savepoint, failure, restore'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "history" -d 'List savepoints and retained checkpoints found in storage, with what the cluster says about them'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "prune" -d 'Delete old savepoints, keeping the newest of each job and never one in use'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "gc" -d 'Find the files under a checkpoint root that no _metadata references, and delete them with --delete'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "config" -d 'Show the resolved settings (cluster URL, directories, TLS, headers, timeouts) and where each came from'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "inspect" -d 'Read a savepoint\'s or checkpoint\'s _metadata offline: operators, state, files'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "upgrade" -d 'Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "generate" -d 'Write shell completions or man pages generated from this command line (for packagers)'
complete -c fsp -n "__fish_fsp_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s d -l dispose -d 'Dispose of the savepoint at PATH through the cluster instead of triggering one' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s t -l type -d 'Savepoint format [default: canonical; native for a job on the ForSt state backend]' -r -f -a "canonical\t''
native\t''"
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l trigger-id -d 'Wait for a savepoint triggered earlier (with --detached) instead of triggering one' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l name -d 'With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l parallel -d 'With --all: how many jobs at once (savepoints load the cluster)' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l detached -d 'Return right after triggering and print the trigger id'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l all -d 'Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job and a summary; exit 0 only if every job succeeded'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l all-clusters -d 'With --all: every cluster of fsp\'s config.toml, one after the other (`--cluster a,b` names some)'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand savepoint" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s s -l with-savepoint -l withSavepoint -d 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink\'s `cancel -s <jobid>` form, where the value is the job id, works too)' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s t -l type -d 'Savepoint format, with -s [default: canonical; native for a job on the ForSt state backend]' -r -f -a "canonical\t''
native\t''"
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l name -d 'With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l parallel -d 'With --all: how many jobs at once (savepoints load the cluster)' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l all -d 'Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job and a summary; exit 0 only if every job succeeded'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l all-clusters -d 'With --all: every cluster of fsp\'s config.toml, one after the other (`--cluster a,b` names some)'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand cancel" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s p -l savepoint-path -l savepointPath -d 'Where to write the savepoint (Flink\'s `stop -p <jobid>` form, where the value is the job id, works too)' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s t -l type -d 'Savepoint format [default: canonical; native for a job on the ForSt state backend]' -r -f -a "canonical\t''
native\t''"
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l manifest -d 'With --all: write FILE, a JSON manifest of every stopped job (savepoint, jar, class, arguments, parallelism, properties, name, cluster) for `fsp run --manifest FILE`; updated as each job stops' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l name -d 'With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l parallel -d 'With --all: how many jobs at once (savepoints load the cluster)' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s d -l drain -d 'Emit MAX_WATERMARK before stopping, firing all event-time timers (ends the job for good)'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l detached -d 'Return right after triggering and print the trigger id'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l force -d 'With --manifest: replace FILE if it exists'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l all -d 'Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job and a summary; exit 0 only if every job succeeded'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l all-clusters -d 'With --all: every cluster of fsp\'s config.toml, one after the other (`--cluster a,b` names some)'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand stop" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand run" -l jar-id -d 'Run a jar already uploaded to the cluster (its id from `GET /jars`) instead of uploading one' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -s s -l from-savepoint -l fromSavepoint -d 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI; or `latest[:JOB]`, the job\'s newest complete savepoint, `latest-state[:JOB]` with retained checkpoints too (JOB: a job id or name; without it, the one job in the directories)' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l manifest -d 'Bring back every job of a manifest written by `fsp stop --all --manifest`, each from its savepoint with the same jar, class, arguments, parallelism and properties; a job already running from its entry is not submitted again' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand run" -l jar-dir -d 'With --manifest: look for each jar by its file name in DIR when its jar id is no longer on the cluster (instead of the path recorded in the manifest)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand run" -l dir -d 'With -s latest: a directory to look in (repeatable); default: the configured savepoint and checkpoint directories, else the cluster\'s' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l max-age -d 'With -s latest: only a snapshot completed less than this long ago (e.g. 1d)' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l claim-mode -l claimMode -d 'Who owns the restored snapshot (only with -s)' -r -f -a "claim\t''
no_claim\t''
legacy\t''"
complete -c fsp -n "__fish_fsp_using_subcommand run" -l restore-mode -l restoreMode -d 'Deprecated spelling of --claim-mode' -r -f -a "claim\t''
no_claim\t''
legacy\t''"
complete -c fsp -n "__fish_fsp_using_subcommand run" -s c -l class -d 'The job\'s entry class; default: the jar manifest\'s' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -s p -l parallelism -d 'The job\'s default parallelism' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -s D -d 'A Flink configuration entry for this job (repeatable)' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l uid -d 'With --check: a uid the new job has (repeatable); chained operators are only visible by their uids' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand run" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand run" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand run" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand run" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand run" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand run" -s n -l allow-non-restored-state -l allowNonRestoredState -d 'Skip savepoint state that cannot be mapped to the new program'
complete -c fsp -n "__fish_fsp_using_subcommand run" -s d -l detached -d 'Return once the job is submitted instead of waiting for it to be RUNNING'
complete -c fsp -n "__fish_fsp_using_subcommand run" -l check -d 'Submit nothing: compare the savepoint\'s operators with the new job\'s plan and report which state would not be restored (needs -n) and which operators start empty; with --manifest, for every entry'
complete -c fsp -n "__fish_fsp_using_subcommand run" -l force -d 'Restore even what fsp\'s state checks refuse: Kryo-serialized state of a Flink 1.x snapshot on Flink 2.x (restored without an error but with wrong values), a NATIVE savepoint for another state backend, a full snapshot for ForSt with its default timers'
complete -c fsp -n "__fish_fsp_using_subcommand run" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand run" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand run" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand run" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand run" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand list" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand list" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand list" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand list" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand list" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand list" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand list" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand list" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand list" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand list" -s r -l running -d 'Only running (and restarting) jobs'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s s -l scheduled -d 'Only scheduled (created, initializing) jobs'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s a -l all -d 'All jobs, finished ones included'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand list" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand list" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l full -d 'A full checkpoint, even when the job checkpoints incrementally'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoint" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand checkpoints" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand history" -l job -d 'Only this job\'s snapshots (its id, or the 6-hex prefix of savepoint names; with --latest, its id)' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l name -d 'Only the snapshots of the job of this name (the cluster\'s job names; the newest run first)' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l max-age -d 'With --latest: only a snapshot completed less than this long ago (e.g. 1d)' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l dir -d 'A savepoint or checkpoint directory to scan, local or s3://, gs://, abfs:// (repeatable); default: the configured ones' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand history" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand history" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand history" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand history" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand history" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand history" -l latest -d 'Print only the job\'s newest complete savepoint (by checkpoint id), and on stderr why it was chosen'
complete -c fsp -n "__fish_fsp_using_subcommand history" -l include-checkpoints -d 'With --latest: retained checkpoints count too'
complete -c fsp -n "__fish_fsp_using_subcommand history" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand history" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand history" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand history" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand history" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l keep -d 'How many complete savepoints of each job to keep (the newest one is always kept)' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l max-age -d 'Delete only snapshots older than this (e.g. 7d)' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l grace -d 'Never delete a snapshot younger than this: it may still be being written' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l job -d 'Only this job\'s snapshots' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l dir -d 'A savepoint or checkpoint directory to prune, local or s3://, gs://, abfs:// (repeatable); default: the configured ones' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l include-checkpoints -d 'Retained checkpoints (chk-N) may be deleted too'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l dry-run -d 'Say what would be deleted, delete nothing'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l offline -d 'Don\'t ask the cluster (it is down, or these savepoints are no job\'s): nothing counts as in use, and only self-contained savepoints are deleted, by fsp itself. Safe only when no running job was restored from one of them'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand prune" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l dir -d 'The checkpoint root (execution.checkpointing.dir), local or s3://, gs://, abfs://; default: the configured one' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l savepoint-dir -d 'A savepoint directory whose savepoints count as references too (repeatable); default: the configured one' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l grace -d 'Never delete what changed more recently than this (never less than the job\'s checkpoint timeout)' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l dry-run -d 'Say what would be deleted, delete nothing (the default)'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l delete -d 'Delete what the rules allow'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand gc" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print every resolved setting and its source'
complete -c fsp -n "__fish_fsp_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every resolved setting and its source'
complete -c fsp -n "__fish_fsp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l uid -d 'A uid to look for among the operators (repeatable); Flink hashes it to the operator id' -r
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l uids-from -d 'Read uids to look for from FILE, one per line' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l files -d 'List every file the snapshot references, and whether it exists'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l states -d 'Show each operator\'s states: name, kind, key and value types, TTL, and whether Kryo serializes them (reads the head of each operator\'s first state file)'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c fsp -n "__fish_fsp_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s c -l class -d 'The new job\'s entry class; default: the jar manifest\'s' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s p -l parallelism -d 'The new job\'s default parallelism' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l claim-mode -l claimMode -d 'Who owns the restored snapshot; `claim` can make a rollback impossible' -r -f -a "claim\t''
no_claim\t''
legacy\t''"
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s D -d 'A Flink configuration entry for the new job (repeatable)' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l mode -d 'How to end the old job: stop with a savepoint, or take a savepoint and cancel' -r -f -a "stop\t'Stop-with-savepoint (`fsp stop`)'
cancel\t'Savepoint and cancel in one call (`fsp cancel -s`)'"
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l savepoint-dir -d 'Where to write the savepoint; default: the profile\'s savepoint_dir, else the cluster\'s execution.checkpointing.savepoint-dir' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s t -l type -d 'Savepoint format [default: canonical; native for a job on the ForSt state backend]' -r -f -a "canonical\t''
native\t''"
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l from -d 'Take no savepoint: restore the new job from the ended job\'s newest complete savepoint (`latest`) or savepoint or retained checkpoint (`latest-state`), picked as `run -s latest` picks it' -r -f -a "latest\t'The newest complete savepoint'
latest-state\t'The newest complete savepoint or retained checkpoint'"
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l max-age -d 'With --from: only a snapshot completed less than this long ago (e.g. 1d)' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l fallback-to-checkpoint -d 'If no savepoint can be taken, use the job\'s latest retained checkpoint if younger than MAX_AGE (default 1h)' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l healthy-after -d 'With checkpointing off: how long the new job must stay RUNNING to count as healthy' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l rollback-jar -d 'The previous job\'s jar, for a rollback when fsp did not submit that job' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l rollback-class -d 'The previous job\'s entry class, with --rollback-jar' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l rollback-args -d 'The previous job\'s arguments, with --rollback-jar (one string, split like a shell would)' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l rollback-parallelism -d 'The previous job\'s parallelism, with --rollback-jar' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l state-file -d 'Where to record progress, so a retry resumes; default: a file per job in fsp\'s state directory' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s n -l allow-non-restored-state -l allowNonRestoredState -d 'Let the new job skip savepoint state it has no operator for'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s d -l drain -d 'With --mode stop: emit MAX_WATERMARK before stopping, firing all event-time timers'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l force -d 'Go on even when the new job\'s state backend could not restore the savepoint (fsp checks before anything is stopped: a NATIVE savepoint for another backend, a CANONICAL one for ForSt)'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l dry-run -d 'Print the plan and check what can be checked, changing nothing'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fsp -n "__fish_fsp_using_subcommand upgrade" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l dir -d 'The directory to write into' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s m -l jobmanager -d 'JobManager REST address: host:port or http(s)://host:port[/path]' -r
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s o -l output -d 'Output format: human-readable text, or exactly one JSON object on stdout' -r -f -a "text\t''
json\t''"
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l cluster -d 'A named cluster from fsp\'s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)' -r
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l timeout -d 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]' -r
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l connect-timeout -d 'How long to wait for a TCP connection to the JobManager [default: 5s]' -r
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l color -d 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l ca-cert -d 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l client-cert -d 'A PEM client certificate for mutual TLS (with --client-key)' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l client-key -d 'The PEM private key of --client-cert' -r -F
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s H -l header -d 'An HTTP header for every request, \'Name: value\' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too' -r
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s v -l verbose -d 'Show the full error chain, Java stack traces included, and each HTTP request'
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s q -l quiet -d 'Print only data and errors: no progress, no hints, no warnings'
complete -c fsp -n "__fish_fsp_using_subcommand generate" -l insecure -d 'Do not verify the server\'s TLS certificate (dangerous; prefer --ca-cert)'
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fsp -n "__fish_fsp_using_subcommand generate" -s V -l version -d 'Print version'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "savepoint" -d 'Trigger a savepoint and wait for its path, or dispose of one with -d'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "cancel" -d 'Cancel a job, optionally taking a savepoint first (-s)'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "stop" -d 'Stop a streaming job with a savepoint (suspend, or drain with -d)'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "run" -d 'Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "list" -d 'List jobs: running and scheduled by default, all with -a'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "checkpoint" -d 'Trigger a checkpoint and wait for it (Flink 1.19 and later)'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "checkpoints" -d 'Show a job\'s checkpoint configuration and statistics: latest completed, savepoint, failure, restore'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "history" -d 'List savepoints and retained checkpoints found in storage, with what the cluster says about them'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "prune" -d 'Delete old savepoints, keeping the newest of each job and never one in use'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "gc" -d 'Find the files under a checkpoint root that no _metadata references, and delete them with --delete'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "config" -d 'Show the resolved settings (cluster URL, directories, TLS, headers, timeouts) and where each came from'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "inspect" -d 'Read a savepoint\'s or checkpoint\'s _metadata offline: operators, state, files'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "upgrade" -d 'Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "generate" -d 'Write shell completions or man pages generated from this command line (for packagers)'
complete -c fsp -n "__fish_fsp_using_subcommand help; and not __fish_seen_subcommand_from savepoint cancel stop run list checkpoint checkpoints history prune gc config inspect upgrade generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fsp -n "__fish_fsp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every resolved setting and its source'
