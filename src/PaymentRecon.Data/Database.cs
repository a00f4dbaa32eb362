using Dapper;
using Npgsql;

namespace PaymentRecon.Data;

/// <summary>Creates the one <see cref="NpgsqlDataSource"/> a process uses for our own tables.</summary>
public static class Database
{
    static Database() =>
        // Columns are snake_case (business_date), C# members PascalCase (BusinessDate).
        DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>
    /// Builds a data source from an Npgsql connection string, naming the application so that
    /// <c>pg_stat_activity</c> tells our connections from Hangfire's.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, string applicationName = "paymentrecon")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = applicationName;
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>The connection string with the password removed, for messages and logs.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
    }
}
