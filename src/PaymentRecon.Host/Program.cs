using System.Text;
using PaymentRecon.Host.Cli;

// Fachverfahren export windows-1252 and ISO-8859-15; .NET Core only knows them once registered.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

return await PaymentReconCli.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
