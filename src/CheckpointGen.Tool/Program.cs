using System.Text;
using CheckpointGen.Tool;

// Redirected output is buffered: Console.Out flushes every write, which dominates printing
// large tensors. A terminal keeps the console writer so progress bars draw as they go.
var isTerminal = !Console.IsOutputRedirected;
var output = isTerminal ? Console.Out : new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
try
{
    return CheckpointGenCli.Run(args, new CliConsole(output, Console.Error, isTerminal));
}
finally
{
    output.Flush();
}
