
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'fsp' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'fsp'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'fsp' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('savepoint', 'savepoint', [CompletionResultType]::ParameterValue, 'Trigger a savepoint and wait for its path, or dispose of one with -d')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a job, optionally taking a savepoint first (-s)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a streaming job with a savepoint (suspend, or drain with -d)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs: running and scheduled by default, all with -a')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Trigger a checkpoint and wait for it (Flink 1.19 and later)')
            [CompletionResult]::new('checkpoints', 'checkpoints', [CompletionResultType]::ParameterValue, 'Show a job''s checkpoint configuration and statistics: latest completed, savepoint, failure, restore')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List savepoints and retained checkpoints found in storage, with what the cluster says about them')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old savepoints, keeping the newest of each job and never one in use')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Find the files under a checkpoint root that no _metadata references, and delete them with --delete')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the resolved settings (cluster URL, directories, TLS, headers, timeouts) and where each came from')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Read a savepoint''s or checkpoint''s _metadata offline: operators, state, files')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions or man pages generated from this command line (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fsp;savepoint' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Dispose of the savepoint at PATH through the cluster instead of triggering one')
            [CompletionResult]::new('--dispose', '--dispose', [CompletionResultType]::ParameterName, 'Dispose of the savepoint at PATH through the cluster instead of triggering one')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Savepoint format [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Savepoint format [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--trigger-id', '--trigger-id', [CompletionResultType]::ParameterName, 'Wait for a savepoint triggered earlier (with --detached) instead of triggering one')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'With --all: how many jobs at once (savepoints load the cluster)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--detached', '--detached', [CompletionResultType]::ParameterName, 'Return right after triggering and print the trigger id')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job and a summary; exit 0 only if every job succeeded')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'With --all: every cluster of fsp''s config.toml, one after the other (`--cluster a,b` names some)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;cancel' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink''s `cancel -s <jobid>` form, where the value is the job id, works too)')
            [CompletionResult]::new('--with-savepoint', '--with-savepoint', [CompletionResultType]::ParameterName, 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink''s `cancel -s <jobid>` form, where the value is the job id, works too)')
            [CompletionResult]::new('--withSavepoint', '--withSavepoint', [CompletionResultType]::ParameterName, 'Take a savepoint and cancel, in one call; the optional value is the target directory (Flink''s `cancel -s <jobid>` form, where the value is the job id, works too)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Savepoint format, with -s [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Savepoint format, with -s [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'With --all: how many jobs at once (savepoints load the cluster)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job and a summary; exit 0 only if every job succeeded')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'With --all: every cluster of fsp''s config.toml, one after the other (`--cluster a,b` names some)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;stop' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Where to write the savepoint (Flink''s `stop -p <jobid>` form, where the value is the job id, works too)')
            [CompletionResult]::new('--savepoint-path', '--savepoint-path', [CompletionResultType]::ParameterName, 'Where to write the savepoint (Flink''s `stop -p <jobid>` form, where the value is the job id, works too)')
            [CompletionResult]::new('--savepointPath', '--savepointPath', [CompletionResultType]::ParameterName, 'Where to write the savepoint (Flink''s `stop -p <jobid>` form, where the value is the job id, works too)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Savepoint format [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Savepoint format [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'With --all: write FILE, a JSON manifest of every stopped job (savepoint, jar, class, arguments, parallelism, properties, name, cluster) for `fsp run --manifest FILE`; updated as each job stops')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'With --all: how many jobs at once (savepoints load the cluster)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Emit MAX_WATERMARK before stopping, firing all event-time timers (ends the job for good)')
            [CompletionResult]::new('--drain', '--drain', [CompletionResultType]::ParameterName, 'Emit MAX_WATERMARK before stopping, firing all event-time timers (ends the job for good)')
            [CompletionResult]::new('--detached', '--detached', [CompletionResultType]::ParameterName, 'Return right after triggering and print the trigger id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --manifest: replace FILE if it exists')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job and a summary; exit 0 only if every job succeeded')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'With --all: every cluster of fsp''s config.toml, one after the other (`--cluster a,b` names some)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;run' {
            [CompletionResult]::new('--jar-id', '--jar-id', [CompletionResultType]::ParameterName, 'Run a jar already uploaded to the cluster (its id from `GET /jars`) instead of uploading one')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI; or `latest[:JOB]`, the job''s newest complete savepoint, `latest-state[:JOB]` with retained checkpoints too (JOB: a job id or name; without it, the one job in the directories)')
            [CompletionResult]::new('--from-savepoint', '--from-savepoint', [CompletionResultType]::ParameterName, 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI; or `latest[:JOB]`, the job''s newest complete savepoint, `latest-state[:JOB]` with retained checkpoints too (JOB: a job id or name; without it, the one job in the directories)')
            [CompletionResult]::new('--fromSavepoint', '--fromSavepoint', [CompletionResultType]::ParameterName, 'Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI; or `latest[:JOB]`, the job''s newest complete savepoint, `latest-state[:JOB]` with retained checkpoints too (JOB: a job id or name; without it, the one job in the directories)')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Bring back every job of a manifest written by `fsp stop --all --manifest`, each from its savepoint with the same jar, class, arguments, parallelism and properties; a job already running from its entry is not submitted again')
            [CompletionResult]::new('--jar-dir', '--jar-dir', [CompletionResultType]::ParameterName, 'With --manifest: look for each jar by its file name in DIR when its jar id is no longer on the cluster (instead of the path recorded in the manifest)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'With -s latest: a directory to look in (repeatable); default: the configured savepoint and checkpoint directories, else the cluster''s')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'With -s latest: only a snapshot completed less than this long ago (e.g. 1d)')
            [CompletionResult]::new('--claim-mode', '--claim-mode', [CompletionResultType]::ParameterName, 'Who owns the restored snapshot (only with -s)')
            [CompletionResult]::new('--claimMode', '--claimMode', [CompletionResultType]::ParameterName, 'Who owns the restored snapshot (only with -s)')
            [CompletionResult]::new('--restore-mode', '--restore-mode', [CompletionResultType]::ParameterName, 'Deprecated spelling of --claim-mode')
            [CompletionResult]::new('--restoreMode', '--restoreMode', [CompletionResultType]::ParameterName, 'Deprecated spelling of --claim-mode')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The job''s entry class; default: the jar manifest''s')
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'The job''s entry class; default: the jar manifest''s')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The job''s default parallelism')
            [CompletionResult]::new('--parallelism', '--parallelism', [CompletionResultType]::ParameterName, 'The job''s default parallelism')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'A Flink configuration entry for this job (repeatable)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'With --check: a uid the new job has (repeatable); chained operators are only visible by their uids')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Skip savepoint state that cannot be mapped to the new program')
            [CompletionResult]::new('--allow-non-restored-state', '--allow-non-restored-state', [CompletionResultType]::ParameterName, 'Skip savepoint state that cannot be mapped to the new program')
            [CompletionResult]::new('--allowNonRestoredState', '--allowNonRestoredState', [CompletionResultType]::ParameterName, 'Skip savepoint state that cannot be mapped to the new program')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Return once the job is submitted instead of waiting for it to be RUNNING')
            [CompletionResult]::new('--detached', '--detached', [CompletionResultType]::ParameterName, 'Return once the job is submitted instead of waiting for it to be RUNNING')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Submit nothing: compare the savepoint''s operators with the new job''s plan and report which state would not be restored (needs -n) and which operators start empty; with --manifest, for every entry')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restore even what fsp''s state checks refuse: Kryo-serialized state of a Flink 1.x snapshot on Flink 2.x (restored without an error but with wrong values), a NATIVE savepoint for another state backend, a full snapshot for ForSt with its default timers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;list' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Only running (and restarting) jobs')
            [CompletionResult]::new('--running', '--running', [CompletionResultType]::ParameterName, 'Only running (and restarting) jobs')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only scheduled (created, initializing) jobs')
            [CompletionResult]::new('--scheduled', '--scheduled', [CompletionResultType]::ParameterName, 'Only scheduled (created, initializing) jobs')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'All jobs, finished ones included')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'All jobs, finished ones included')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;checkpoint' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'A full checkpoint, even when the job checkpoints incrementally')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;checkpoints' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;history' {
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'Only this job''s snapshots (its id, or the 6-hex prefix of savepoint names; with --latest, its id)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only the snapshots of the job of this name (the cluster''s job names; the newest run first)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'With --latest: only a snapshot completed less than this long ago (e.g. 1d)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'A savepoint or checkpoint directory to scan, local or s3://, gs://, abfs:// (repeatable); default: the configured ones')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'Print only the job''s newest complete savepoint (by checkpoint id), and on stderr why it was chosen')
            [CompletionResult]::new('--include-checkpoints', '--include-checkpoints', [CompletionResultType]::ParameterName, 'With --latest: retained checkpoints count too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;prune' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'How many complete savepoints of each job to keep (the newest one is always kept)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Delete only snapshots older than this (e.g. 7d)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Never delete a snapshot younger than this: it may still be being written')
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'Only this job''s snapshots')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'A savepoint or checkpoint directory to prune, local or s3://, gs://, abfs:// (repeatable); default: the configured ones')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--include-checkpoints', '--include-checkpoints', [CompletionResultType]::ParameterName, 'Retained checkpoints (chk-N) may be deleted too')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be deleted, delete nothing')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Don''t ask the cluster (it is down, or these savepoints are no job''s): nothing counts as in use, and only self-contained savepoints are deleted, by fsp itself. Safe only when no running job was restored from one of them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;gc' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The checkpoint root (execution.checkpointing.dir), local or s3://, gs://, abfs://; default: the configured one')
            [CompletionResult]::new('--savepoint-dir', '--savepoint-dir', [CompletionResultType]::ParameterName, 'A savepoint directory whose savepoints count as references too (repeatable); default: the configured one')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Never delete what changed more recently than this (never less than the job''s checkpoint timeout)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be deleted, delete nothing (the default)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete what the rules allow')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;config' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every resolved setting and its source')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fsp;config;show' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every resolved setting and its source')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fsp;config;help;show' {
            break
        }
        'fsp;config;help;help' {
            break
        }
        'fsp;inspect' {
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'A uid to look for among the operators (repeatable); Flink hashes it to the operator id')
            [CompletionResult]::new('--uids-from', '--uids-from', [CompletionResultType]::ParameterName, 'Read uids to look for from FILE, one per line')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'List every file the snapshot references, and whether it exists')
            [CompletionResult]::new('--states', '--states', [CompletionResultType]::ParameterName, 'Show each operator''s states: name, kind, key and value types, TTL, and whether Kryo serializes them (reads the head of each operator''s first state file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;upgrade' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The new job''s entry class; default: the jar manifest''s')
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'The new job''s entry class; default: the jar manifest''s')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The new job''s default parallelism')
            [CompletionResult]::new('--parallelism', '--parallelism', [CompletionResultType]::ParameterName, 'The new job''s default parallelism')
            [CompletionResult]::new('--claim-mode', '--claim-mode', [CompletionResultType]::ParameterName, 'Who owns the restored snapshot; `claim` can make a rollback impossible')
            [CompletionResult]::new('--claimMode', '--claimMode', [CompletionResultType]::ParameterName, 'Who owns the restored snapshot; `claim` can make a rollback impossible')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'A Flink configuration entry for the new job (repeatable)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How to end the old job: stop with a savepoint, or take a savepoint and cancel')
            [CompletionResult]::new('--savepoint-dir', '--savepoint-dir', [CompletionResultType]::ParameterName, 'Where to write the savepoint; default: the profile''s savepoint_dir, else the cluster''s execution.checkpointing.savepoint-dir')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Savepoint format [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Savepoint format [default: canonical; native for a job on the ForSt state backend]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Take no savepoint: restore the new job from the ended job''s newest complete savepoint (`latest`) or savepoint or retained checkpoint (`latest-state`), picked as `run -s latest` picks it')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'With --from: only a snapshot completed less than this long ago (e.g. 1d)')
            [CompletionResult]::new('--fallback-to-checkpoint', '--fallback-to-checkpoint', [CompletionResultType]::ParameterName, 'If no savepoint can be taken, use the job''s latest retained checkpoint if younger than MAX_AGE (default 1h)')
            [CompletionResult]::new('--healthy-after', '--healthy-after', [CompletionResultType]::ParameterName, 'With checkpointing off: how long the new job must stay RUNNING to count as healthy')
            [CompletionResult]::new('--rollback-jar', '--rollback-jar', [CompletionResultType]::ParameterName, 'The previous job''s jar, for a rollback when fsp did not submit that job')
            [CompletionResult]::new('--rollback-class', '--rollback-class', [CompletionResultType]::ParameterName, 'The previous job''s entry class, with --rollback-jar')
            [CompletionResult]::new('--rollback-args', '--rollback-args', [CompletionResultType]::ParameterName, 'The previous job''s arguments, with --rollback-jar (one string, split like a shell would)')
            [CompletionResult]::new('--rollback-parallelism', '--rollback-parallelism', [CompletionResultType]::ParameterName, 'The previous job''s parallelism, with --rollback-jar')
            [CompletionResult]::new('--state-file', '--state-file', [CompletionResultType]::ParameterName, 'Where to record progress, so a retry resumes; default: a file per job in fsp''s state directory')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Let the new job skip savepoint state it has no operator for')
            [CompletionResult]::new('--allow-non-restored-state', '--allow-non-restored-state', [CompletionResultType]::ParameterName, 'Let the new job skip savepoint state it has no operator for')
            [CompletionResult]::new('--allowNonRestoredState', '--allowNonRestoredState', [CompletionResultType]::ParameterName, 'Let the new job skip savepoint state it has no operator for')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'With --mode stop: emit MAX_WATERMARK before stopping, firing all event-time timers')
            [CompletionResult]::new('--drain', '--drain', [CompletionResultType]::ParameterName, 'With --mode stop: emit MAX_WATERMARK before stopping, firing all event-time timers')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go on even when the new job''s state backend could not restore the savepoint (fsp checks before anything is stopped: a NATIVE savepoint for another backend, a CANONICAL one for ForSt)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and check what can be checked, changing nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;generate' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory to write into')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('--jobmanager', '--jobmanager', [CompletionResultType]::ParameterName, 'JobManager REST address: host:port or http(s)://host:port[/path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: human-readable text, or exactly one JSON object on stdout')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'A named cluster from fsp''s config.toml (its URL, directories, TLS files, headers, timeouts); with --all, several: a,b,c (each in turn)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a TCP connection to the JobManager [default: 5s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr; NO_COLOR turns colour off for `auto`')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A PEM client certificate for mutual TLS (with --client-key)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The PEM private key of --client-cert')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header for every request, ''Name: value'' (repeatable); FLINK_REST_CLIENT_HEADERS and FSP_TOKEN (a bearer token) are honoured too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the full error chain, Java stack traces included, and each HTTP request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no progress, no hints, no warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (dangerous; prefer --ca-cert)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fsp;help' {
            [CompletionResult]::new('savepoint', 'savepoint', [CompletionResultType]::ParameterValue, 'Trigger a savepoint and wait for its path, or dispose of one with -d')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a job, optionally taking a savepoint first (-s)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a streaming job with a savepoint (suspend, or drain with -d)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs: running and scheduled by default, all with -a')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Trigger a checkpoint and wait for it (Flink 1.19 and later)')
            [CompletionResult]::new('checkpoints', 'checkpoints', [CompletionResultType]::ParameterValue, 'Show a job''s checkpoint configuration and statistics: latest completed, savepoint, failure, restore')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List savepoints and retained checkpoints found in storage, with what the cluster says about them')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old savepoints, keeping the newest of each job and never one in use')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Find the files under a checkpoint root that no _metadata references, and delete them with --delete')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the resolved settings (cluster URL, directories, TLS, headers, timeouts) and where each came from')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Read a savepoint''s or checkpoint''s _metadata offline: operators, state, files')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions or man pages generated from this command line (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fsp;help;savepoint' {
            break
        }
        'fsp;help;cancel' {
            break
        }
        'fsp;help;stop' {
            break
        }
        'fsp;help;run' {
            break
        }
        'fsp;help;list' {
            break
        }
        'fsp;help;checkpoint' {
            break
        }
        'fsp;help;checkpoints' {
            break
        }
        'fsp;help;history' {
            break
        }
        'fsp;help;prune' {
            break
        }
        'fsp;help;gc' {
            break
        }
        'fsp;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every resolved setting and its source')
            break
        }
        'fsp;help;config;show' {
            break
        }
        'fsp;help;inspect' {
            break
        }
        'fsp;help;upgrade' {
            break
        }
        'fsp;help;generate' {
            break
        }
        'fsp;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
