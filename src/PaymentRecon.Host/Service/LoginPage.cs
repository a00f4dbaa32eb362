using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace PaymentRecon.Host.Service;

/// <summary>The login form (German, UTF-8, antiforgery token included).</summary>
internal static class LoginPage
{
    public static IResult Render(AntiforgeryTokenSet tokens, string returnUrl, string? error, bool offerOidc, int statusCode = StatusCodes.Status200OK)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="de"><head><meta charset="utf-8"><title>Anmeldung – PaymentRecon</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font-family:"Helvetica Neue",Arial,sans-serif;background:#f5f5f5;margin:0}
            main{max-width:360px;margin:80px auto;background:#fff;border:1px solid #ddd;border-radius:4px;padding:24px 28px}
            h1{font-size:20px;margin:0 0 16px}label{display:block;margin:12px 0 4px;font-size:14px}
            input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:7px;border:1px solid #ccc;border-radius:3px;font-size:14px}
            button,.button{margin-top:18px;padding:8px 14px;background:#337ab7;color:#fff;border:0;border-radius:3px;font-size:14px;cursor:pointer;text-decoration:none;display:inline-block}
            .error{color:#a94442;background:#f2dede;padding:8px;border-radius:3px;font-size:14px}
            p.hint{font-size:12px;color:#777}
            </style></head><body><main>
            <h1>PaymentRecon – Anmeldung</h1>
            """);
        if (error is not null)
        {
            html.Append("<p class=\"error\">").Append(E(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/login\">")
            .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken)).Append("\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(E(returnUrl)).Append("\">")
            .Append("<label for=\"username\">Benutzername</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" autofocus required>")
            .Append("<label for=\"password\">Passwort</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>")
            .Append("<button type=\"submit\">Anmelden</button></form>");
        if (offerOidc)
        {
            html.Append("<p><a class=\"button\" href=\"/login/oidc?returnUrl=").Append(E(Uri.EscapeDataString(returnUrl))).Append("\">Über den Identitätsanbieter anmelden</a></p>");
        }

        html.Append("<p class=\"hint\">Nur für Mitarbeitende der Stadtkasse.</p></main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
