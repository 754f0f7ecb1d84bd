/// The SupportMatch release, in one place: `supportmatch --version`, `/health` and `info.version`
/// of the served OpenAPI document all read it, so a report from any of them names the same build.
public enum SupportMatchVersion {
    public static let current = "1.0.0"
}
