using System.Globalization;
using System.Net;
using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Service;

/// <summary><c>paymentrecon serve</c> as real processes against a real PostgreSQL.</summary>
[Collection(ServeTestGroup.Name)]
public sealed class ServeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_nightly_job_fires_on_its_schedule_with_the_occurrence_date_and_health_reports_it()
    {
        var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync(_folder.Path, db, new Dictionary<string, string?>
        {
            ["PAYMENTRECON__PaymentRecon__Service__NightlyCron"] = "*/3 * * * * *",
        });

        var run = await WaitForAsync(db, "SELECT r.id, r.business_date, r.status, j.job_id FROM recon.run r JOIN recon.run_job j ON j.run_id = r.id WHERE r.trigger = 'schedule' AND r.status = 'succeeded' ORDER BY r.id LIMIT 1",
            row => (Id: (long)row.id, Date: (DateOnly)row.business_date, JobId: (string)row.job_id));
        run.Date.Should().Be(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime));

        await using (var connection = new NpgsqlConnection(db))
        {
            (await connection.QueryAsync<string>("SELECT value FROM hangfire.set WHERE key = 'recurring-jobs'")).Should().Equal("paymentrecon-nightly");
        }

        // The job's log lines reach recon.job_log in batches (every few seconds and when the job
        // ends), which can be after the run row says "succeeded".
        var started = await WaitForAsync(db, $"SELECT message FROM recon.job_log WHERE job_id = '{run.JobId.Replace("'", "''", StringComparison.Ordinal)}' AND message LIKE '%started for business date%'",
            row => (string)row.message);
        started.Should().Contain("started for business date");

        // Each step ran as a job of its own, in order, and the run records which.
        string reconcileJob;
        await using (var connection = new NpgsqlConnection(db))
        {
            var steps = (await connection.QueryAsync<(string Step, string JobId)>(
                "SELECT step, job_id FROM recon.run_step WHERE run_id = @id ORDER BY finished_at", new { id = run.Id })).ToList();
            steps.Select(s => s.Step).Should().Equal("receivables", "statements", "providersAndSepa", "reconcile", "export", "report");
            steps.Select(s => s.JobId).Should().OnlyHaveUniqueItems().And.NotContain(run.JobId);
            // The last step's job marks itself succeeded just after it finished the run.
            var ids = string.Join(", ", steps.Select(s => long.Parse(s.JobId, CultureInfo.InvariantCulture)));
            (await WaitForAsync(db, $"SELECT count(*) AS n FROM hangfire.job WHERE id IN ({ids}) AND statename = 'Succeeded' AND invocationdata::json->>'Method' = 'ExecuteAsync' HAVING count(*) = 6", row => (long)row.n))
                .Should().Be(6, "each step ran as a job of its own");

            reconcileJob = steps.Single(s => s.Step == "reconcile").JobId;
            (await connection.QuerySingleAsync<string>("SELECT summary->'jobs'->>'reconcile' FROM recon.run WHERE id = @id", new { id = run.Id }))
                .Should().Be(reconcileJob);
        }

        using var anonymous = await service.ClientAsync();
        var health = await anonymous.GetStringAsync(new Uri("/health", UriKind.Relative));
        // The schedule fires every 3 s here, so the latest scheduled run may already be the next, still running.
        health.Should().Contain("\"status\":\"Healthy\"").And.MatchRegex("\"nightlyRunStatus\":\"(succeeded|running)\"");

        using var viewer = await service.ClientAsync("leser");
        var runsPage = await viewer.GetAsync(new Uri("/hangfire/laeufe", UriKind.Relative));
        runsPage.Content.Headers.ContentType!.CharSet.Should().Be("utf-8");
        var html = await runsPage.Content.ReadAsStringAsync();
        html.Should().Contain("L&#228;ufe").And.Contain("Zeitplan").And.Contain("/hangfire/jobs/details/" + run.JobId).And.Contain("/hangfire/jobs/details/" + reconcileJob)
            .And.NotContain("Lauf wiederholen", "a viewer cannot trigger anything");
        var jobPage = await viewer.GetStringAsync(new Uri("/hangfire/jobs/details/" + run.JobId, UriKind.Relative));
        jobPage.Should().Contain("Protokoll").And.Contain("started for business date");
    }

    [Fact]
    public async Task Anonymous_requests_and_posts_without_antiforgery_token_and_viewers_are_refused()
    {
        var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync(_folder.Path, db);

        using var anonymous = await service.ClientAsync();
        foreach (var path in new[] { "/hangfire", "/hangfire/laeufe", "/hangfire/jobs/enqueued", "/hangfire/quarantaene" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().Should().Contain("/login");
        }

        using (var post = await anonymous.PostAsync(new Uri("/hangfire/laeufe/wiederholen", UriKind.Relative), Form(("geschaeftstag", "2026-11-27"))))
        {
            post.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        using (var wrongPassword = await anonymous.PostAsync(new Uri("/login", UriKind.Relative), Form(
            ("__RequestVerificationToken", await ServiceProcess.TokenAsync(anonymous, "/login")), ("username", "betrieb"), ("password", "falsch"))))
        {
            wrongPassword.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var operatorClient = await service.ClientAsync("betrieb");
        using (var noToken = await operatorClient.PostAsync(new Uri("/hangfire/laeufe/wiederholen", UriKind.Relative), Form(("geschaeftstag", "2026-11-27"))))
        {
            noToken.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the antiforgery token is missing");
        }

        using (var noTokenHangfire = await operatorClient.PostAsync(new Uri("/hangfire/recurring/trigger", UriKind.Relative), Form(("jobs[]", "paymentrecon-nightly"))))
        {
            noTokenHangfire.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        foreach (var user in new[] { "leser", "sachbearbeitung" })
        {
            using var client = await service.ClientAsync(user);
            var token = await ServiceProcess.TokenAsync(client, "/hangfire/quarantaene");
            using (var rerun = await client.PostAsync(new Uri("/hangfire/laeufe/wiederholen", UriKind.Relative), Form(("__RequestVerificationToken", token), ("geschaeftstag", "2026-11-27"))))
            {
                rerun.StatusCode.Should().Be(HttpStatusCode.Forbidden, user + " may not rerun");
            }

            using (var trigger = await client.PostAsync(new Uri("/hangfire/recurring/trigger", UriKind.Relative), Form(("__RequestVerificationToken", token), ("jobs[]", "paymentrecon-nightly"))))
            {
                trigger.StatusCode.Should().Be(HttpStatusCode.Unauthorized, user + " sees Hangfire read-only");
            }
        }

        await using var connection = new NpgsqlConnection(db);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.operator_action")).Should().Be(0);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM hangfire.job")).Should().Be(0, "nothing was triggered");

        // The operator with a token may.
        var operatorToken = await ServiceProcess.TokenAsync(operatorClient, "/hangfire/laeufe");
        using var allowed = await operatorClient.PostAsync(new Uri("/hangfire/laeufe/wiederholen", UriKind.Relative), Form(("__RequestVerificationToken", operatorToken), ("geschaeftstag", "2026-11-27")));
        allowed.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        (await connection.ExecuteScalarAsync<string>("SELECT requested_by FROM recon.operator_action")).Should().Be("betrieb");
    }

    [Fact]
    public async Task A_rerun_of_the_same_date_adds_nothing()
    {
        var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync(_folder.Path, db);
        using var operatorClient = await service.ClientAsync("betrieb");

        await RerunAsync(operatorClient, "2026-11-27");
        await WaitForAsync(db, "SELECT id FROM recon.run WHERE trigger = 'rerun' AND status <> 'running' AND business_date = '2026-11-27'", row => (long)row.id);
        var before = await SnapshotAsync(db);

        await RerunAsync(operatorClient, "2026-11-27");
        await WaitForAsync(db, "SELECT count(*) AS n FROM recon.run WHERE trigger = 'rerun' AND status <> 'running' AND business_date = '2026-11-27' HAVING count(*) = 2", row => (long)row.n);
        var after = await SnapshotAsync(db);

        after.Should().Be(before, "a second run of one date books, imports and exports nothing new");
        await using var connection = new NpgsqlConnection(db);
        (await connection.QueryAsync<string>("SELECT status FROM recon.run WHERE business_date = '2026-11-27'")).Should().OnlyContain(s => s == "succeeded");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.run_lease")).Should().Be(0, "each run gives the date back");

        // Re-import from the dashboard: a fixed file goes back to the inbox and its date is run again.
        var runId = await connection.ExecuteScalarAsync<long>("SELECT min(id) FROM recon.run");
        Directory.CreateDirectory(_folder.Combine("quarantine"));
        await File.WriteAllTextAsync(_folder.Combine("quarantine", "soll.csv"), "fixed");
        await connection.ExecuteAsync(
            "INSERT INTO recon.import_file (kind, file_name, sha256, size_bytes, run_id, status, archive_path, problems) VALUES ('receivable', 'soll.csv', @sha, 5, @runId, 'quarantined', 'quarantine/soll.csv', 'Zeile 2: Betrag fehlt')",
            new { sha = new byte[32], runId });
        var page = await operatorClient.GetStringAsync(new Uri("/hangfire/quarantaene", UriKind.Relative));
        page.Should().Contain("soll.csv").And.Contain("Erneut einlesen").And.Contain("Zeile 2: Betrag fehlt");
        var token = await ServiceProcess.TokenAsync(operatorClient, "/hangfire/quarantaene");
        using (var requeue = await operatorClient.PostAsync(new Uri("/hangfire/quarantaene/einlesen", UriKind.Relative), Form(("__RequestVerificationToken", token), ("datei", "soll.csv"))))
        {
            requeue.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        }

        File.Exists(_folder.Combine("inbox", "receivables", "soll.csv")).Should().BeTrue();
        (await connection.QueryAsync<string>("SELECT action FROM recon.operator_action WHERE requested_by = 'betrieb' ORDER BY id"))
            .Should().Equal("rerun", "rerun", "requeue", "rerun");
    }

    [Fact]
    public async Task Two_servers_never_run_one_date_at_the_same_time_and_a_held_date_waits()
    {
        var db = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["PAYMENTRECON__PaymentRecon__Service__NightlyCron"] = "*/2 * * * * *" };
        await using var first = await ServiceProcess.StartAsync(_folder.Path, db, settings);
        await using var second = await ServiceProcess.StartAsync(_folder.Path, db, settings);

        await WaitForAsync(db, "SELECT count(*) AS n FROM recon.run WHERE status = 'succeeded' HAVING count(*) >= 4", row => (long)row.n);
        await using var connection = new NpgsqlConnection(db);
        (await connection.QueryAsync<string>(
            """
            SELECT format('run %s %s %s-%s overlaps run %s %s %s-%s', a.id, a.status, a.started_at, a.finished_at, b.id, b.status, b.started_at, b.finished_at)
              FROM recon.run a JOIN recon.run b ON a.business_date = b.business_date AND a.id < b.id
             WHERE tstzrange(a.started_at, coalesce(a.finished_at, 'infinity')) && tstzrange(b.started_at, coalesce(b.finished_at, 'infinity'))
            """)).Should().BeEmpty("runs of one date never overlap");
        (await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT job_id) FROM recon.run_job")).Should()
            .Be(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.run_job"), "each occurrence ran once");
        Directory.GetFiles(Path.Combine(_folder.Path, "outbox"), "BUCHUNGEN_*.csv")
            .GroupBy(f => Path.GetFileName(f)[..18]).Where(g => g.Count() > 1).Should().BeEmpty("never two booking files for one day");

        // A date held elsewhere (here: by the command line of another machine) is not run; the job waits and retries.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime);
        await connection.ExecuteAsync("DELETE FROM recon.run_lease");
        await connection.ExecuteAsync(
            "INSERT INTO recon.run_lease (business_date, holder, expires_at) VALUES (@today, 'cli:other-machine:1:kasse', now() + interval '1 hour') ON CONFLICT (business_date) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at",
            new { today });
        await Task.Delay(TimeSpan.FromSeconds(1));
        var runsWhileHeld = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.run WHERE business_date = @today", new { today });
        await Task.Delay(TimeSpan.FromSeconds(5));
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.run WHERE business_date = @today", new { today })).Should().Be(runsWhileHeld);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Scheduled' AND invocationdata::text LIKE '%ScheduledAsync%'"))
            .Should().BeGreaterThan(0, "the held date is retried later");

        // The command line goes through the same lease: exit 3, lock held by another run.
        var cli = await ProgramRunner.RunAsync(_folder.Path, new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = db }, "run", "--date", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        cli.ExitCode.Should().Be(3);
        cli.Error.Should().Contain("Lock held by another run");
    }

    [Fact]
    public async Task A_killed_servers_job_is_picked_up_by_another_server_and_finished_once()
    {
        var db = await TestDatabase.CreateAsync();
        await using var first = await ServiceProcess.StartAsync(_folder.Path, db);
        using var operatorClient = await first.ClientAsync("betrieb");

        // Hold the run table so the job stops inside the run, after it took the lease.
        await using var blocker = new NpgsqlConnection(db);
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE recon.run IN EXCLUSIVE MODE", transaction: blocking);

        await RerunAsync(operatorClient, "2026-11-26");
        var holder = await WaitForAsync(db, "SELECT holder FROM recon.run_lease WHERE business_date = '2026-11-26'", row => (string)row.holder);
        holder.Should().Contain(first.ProcessId.ToString(CultureInfo.InvariantCulture));

        first.Kill();
        // The database notices a dead client only when it next talks to it; end its session as it would.
        await using (var admin = new NpgsqlConnection(db))
        {
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'paymentrecon%' AND pid <> @me", new { me = blocker.ProcessID });
        }

        await blocking.RollbackAsync();
        await using var second = await ServiceProcess.StartAsync(_folder.Path, db);

        var jobState = await WaitForAsync(db,
            "SELECT j.statename FROM hangfire.job j WHERE j.invocationdata::text LIKE '%RerunAsync%' AND j.statename = 'Succeeded'",
            row => (string)row.statename);
        jobState.Should().Be("Succeeded");
        // The rerun job only starts the run; its steps follow as jobs of their own.
        await WaitForAsync(db, "SELECT status FROM recon.run WHERE business_date = '2026-11-26' AND status <> 'running'", row => (string)row.status);
        await using var connection = new NpgsqlConnection(db);
        var runs = (await connection.QueryAsync<(string Status, string Server)>(
            "SELECT r.status, j.server FROM recon.run r JOIN recon.run_job j ON j.run_id = r.id WHERE r.business_date = '2026-11-26'")).ToList();
        runs.Should().ContainSingle().Which.Status.Should().Be("succeeded");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.run WHERE business_date = '2026-11-26'")).Should().Be(1, "the killed attempt left no run behind");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.run_lease")).Should().Be(0);
    }

    [Fact]
    public async Task A_step_job_of_a_killed_server_is_finished_by_another_server_without_doing_any_step_twice()
    {
        var db = await TestDatabase.CreateAsync();
        Reconciliation.DemoRun.LayInbox("2026-11-26", _folder.Path);

        await using var first = await ServiceProcess.StartAsync(_folder.Path, db);
        using var operatorClient = await first.ClientAsync("betrieb");

        // Hold the decisions so the reconcile step's job stops inside its transaction.
        await using var blocker = new NpgsqlConnection(db);
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE recon.decision IN EXCLUSIVE MODE", transaction: blocking);

        await RerunAsync(operatorClient, "2026-11-26");
        await WaitForAsync(db, "SELECT count(*) AS n FROM recon.run_step WHERE step = 'providersAndSepa' HAVING count(*) = 1", row => (long)row.n);
        (await WaitForAsync(db, "SELECT holder FROM recon.run_lease WHERE business_date = '2026-11-26'", row => (string)row.holder)).Should().StartWith("run:");

        first.Kill();
        await using (var admin = new NpgsqlConnection(db))
        {
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'paymentrecon%' AND pid <> @me", new { me = blocker.ProcessID });
        }

        await blocking.RollbackAsync();
        await using var second = await ServiceProcess.StartAsync(_folder.Path, db);

        var status = await WaitForAsync(db, "SELECT status FROM recon.run WHERE business_date = '2026-11-26' AND status <> 'running'", row => (string)row.status);
        status.Should().Be("succeeded");
        await using var connection = new NpgsqlConnection(db);
        (await connection.QueryAsync<string>("SELECT step FROM recon.run_step ORDER BY finished_at"))
            .Should().Equal("receivables", "statements", "providersAndSepa", "reconcile", "export", "report");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.decision WHERE seq = 1")).Should()
            .Be(await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT receipt_id) FROM recon.decision"), "every receipt was decided once");
        Directory.GetFiles(Path.Combine(_folder.Path, "outbox"), "BUCHUNGEN_20261126_*.csv").Should().ContainSingle();
        File.ReadAllBytes(Directory.GetFiles(Path.Combine(_folder.Path, "outbox"), "BUCHUNGEN_20261126_*.csv")[0])
            .Should().Equal(File.ReadAllBytes(Repository.Path("fixtures", "bookings-expected", "BUCHUNGEN_20261126_0001.csv")));
    }

    private static async Task RerunAsync(HttpClient client, string date)
    {
        var token = await ServiceProcess.TokenAsync(client, "/hangfire/laeufe");
        using var response = await client.PostAsync(new Uri("/hangfire/laeufe/wiederholen", UriKind.Relative), Form(("__RequestVerificationToken", token), ("geschaeftstag", date)));
        response.StatusCode.Should().Be(HttpStatusCode.SeeOther);
    }

    private async Task<string> SnapshotAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'recon' AND table_name NOT IN ('run', 'run_job', 'run_step', 'run_lease', 'job_log', 'operator_action', 'schema_version') ORDER BY 1");
        var counts = new List<string>();
        foreach (var table in tables)
        {
            counts.Add(table + "=" + (await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM recon.\"{table}\"")).ToString(CultureInfo.InvariantCulture));
        }

        var files = Directory.Exists(_folder.Combine("outbox"))
            ? Directory.GetFiles(_folder.Combine("outbox"), "BUCHUNGEN_*").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];
        return string.Join(",", counts) + "|" + string.Join(",", files);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<T> WaitForAsync<T>(string db, string sql, Func<dynamic, T> read)
    {
        var deadline = DateTime.UtcNow + Patience;
        await using var connection = new NpgsqlConnection(db);
        while (DateTime.UtcNow < deadline)
        {
            var row = await connection.QueryFirstOrDefaultAsync(sql);
            if (row is not null)
            {
                return read(row);
            }

            await Task.Delay(300);
        }

        throw new TimeoutException("Waited in vain for: " + sql);
    }
}
