import FieldOpsSupport
import Foundation

/// Finds the data FieldOps ships (`policy.yaml`, `cn-places.csv`): beside the source
/// checkout the binary was built in, in `share/fieldops` beside an installed binary,
/// or where `FIELDOPS_DATA` or `--data-dir` points.
public enum DataDirectory {
    /// The files a data directory must hold.
    public static let markers = ["policy.yaml", "cn-places.csv"]

    /// The data directory to use, or an error that says where it looked.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "") throws(InputError) -> String {
        if let explicit {
            guard holdsData(explicit) else { throw InputError(file: explicit, field: "--data-dir", "holds no policy.yaml and cn-places.csv") }
            return explicit
        }
        if let env = environment["FIELDOPS_DATA"], !env.isEmpty {
            guard holdsData(env) else { throw InputError(file: env, field: "FIELDOPS_DATA", "holds no policy.yaml and cn-places.csv") }
            return env
        }
        var tried: [String] = []
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<8 {
            for candidate in [dir.appendingPathComponent("data"), dir.appendingPathComponent("share/fieldops")] {
                tried.append(candidate.path)
                if holdsData(candidate.path) { return candidate.path }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        let cwd = FileManager.default.currentDirectoryPath + "/data"
        if holdsData(cwd) { return cwd }
        throw InputError(file: "data/", field: "--data-dir",
                         "cannot find FieldOps' data (policy.yaml, cn-places.csv); pass --data-dir or set FIELDOPS_DATA")
    }

    static func holdsData(_ path: String) -> Bool {
        markers.allSatisfy { FileManager.default.fileExists(atPath: path + "/" + $0) }
    }
}
