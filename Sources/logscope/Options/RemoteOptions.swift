import ArgumentParser

/// `--via` for the commands that read directories: every directory argument is then a path on the
/// machine the command reaches.
struct RemoteOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Read every directory through CMD, a command that runs its arguments on another machine with stdin and stdout attached "
                + "(kubectl exec -i POD --, docker exec -i CTR, ssh -J JUMP HOST); logscope appends `logscope agent DIR`.",
            valueName: "CMD"))
    var via: String?

    @Flag(
        name: .customLong("no-push"),
        help: "Refuse to push the agent to a machine that has no logscope of this release (by default it is pushed for the session).")
    var noPush = false
}
