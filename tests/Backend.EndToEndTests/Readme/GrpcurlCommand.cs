namespace Backend.EndToEndTests.Readme;

/// <summary>
/// The parts of a grpcurl command line this repository's README uses.
/// </summary>
internal sealed record GrpcurlCommand(
    IReadOnlyList<(string Name, string Value)> Headers,
    string? Data,
    string Address,
    string Verb,
    string? Symbol)
{
    public static GrpcurlCommand Parse(IReadOnlyList<string> words)
    {
        if (words.Count == 0 || words[0] != "grpcurl")
        {
            throw new FormatException("Not a grpcurl command.");
        }

        var headers = new List<(string, string)>();
        string? data = null;
        var positional = new List<string>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-plaintext" or "-insecure" or "-v":
                    break;
                case "-H" or "-rpc-header":
                    var header = words[++i].Split(':', 2);
                    headers.Add((header[0].Trim().ToLowerInvariant(), header[1].Trim()));
                    break;
                case "-d":
                    data = words[++i];
                    break;
                case "-max-time" or "-connect-timeout" or "-cacert" or "-cert" or "-key":
                    i++;
                    break;
                case var flag when flag.StartsWith('-'):
                    throw new FormatException($"grpcurl flag {flag} is not understood by the README test.");
                default:
                    positional.Add(words[i]);
                    break;
            }
        }

        return positional switch
        {
            [var address, "list"] => new GrpcurlCommand(headers, data, address, "list", null),
            [var address, "list", var service] => new GrpcurlCommand(headers, data, address, "list", service),
            [var address, "describe", var symbol] => new GrpcurlCommand(headers, data, address, "describe", symbol),
            [var address, var method] => new GrpcurlCommand(headers, data, address, "call", method),
            _ => throw new FormatException($"grpcurl arguments not understood: {string.Join(' ', positional)}"),
        };
    }
}
