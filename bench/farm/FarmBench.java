// Farm benchmark driver (not a test), run by bench/farm/run.sh with the JDK's source launcher.
// Against a running server it registers fake session hosts (one HTTP server answering the agent
// API for all of them; guests "boot" at once), creates users, and measures:
//   - launch requests per second (placement + bookkeeping), against GET /api/v1/me as the
//     baseline of an authenticated call, both in the same run;
//   - the server's CPU per heartbeat, from /proc/<pid>/stat, against an equally long window
//     without heartbeats.
// Prints one JSON object on stdout; progress goes to stderr.
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class FarmBench {
    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static final String SHA = "be".repeat(32);

    final String base;
    final String token;
    final long serverPid;
    final int hosts;
    final int clients;
    /** guest id -> [host, state, user] for every fake host. */
    final Map<String, String[]> guests = new ConcurrentHashMap<>();
    final AtomicInteger ids = new AtomicInteger();
    HttpServer agent;

    FarmBench(int port, String token, long serverPid, int hosts, int clients) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
        this.serverPid = serverPid;
        this.hosts = hosts;
        this.clients = clients;
    }

    public static void main(String[] a) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < a.length; i += 2) {
            o.put(a[i].replaceFirst("^--", ""), a[i + 1]);
        }
        FarmBench b = new FarmBench(Integer.parseInt(o.get("port")), o.get("token"), Long.parseLong(o.get("server-pid")),
                Integer.parseInt(o.getOrDefault("hosts", "10")), Integer.parseInt(o.getOrDefault("clients", "8")));
        int users = Integer.parseInt(o.getOrDefault("users", "200"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
        int window = Integer.parseInt(o.getOrDefault("window", "30"));
        b.run(o.get("admin-password"), users, rounds, window);
        System.exit(0); // the fake agent's worker threads would keep the JVM alive
    }

    void run(String adminPassword, int users, int rounds, int windowSeconds) throws Exception {
        startAgent();
        beatAll();
        String admin = token("admin", adminPassword);
        say("creating " + users + " users (bcrypt: this takes a while)");
        List<String> tokens = parallel(users, i -> {
            String name = "bench-" + i;
            send("POST", "/api/v1/admin/users", "{\"username\":\"" + name + "\",\"displayName\":\"B " + i
                    + "\",\"password\":\"bench password " + i + "\",\"roles\":[\"USER\"]}", admin);
            return token(name, "bench password " + i);
        });
        List<Double> meRates = new ArrayList<>();
        List<Double> launchRates = new ArrayList<>();
        List<Long> launchLatencies = Collections.synchronizedList(new ArrayList<>());
        for (int r = 1; r <= rounds; r++) {
            meRates.add(rate(tokens, t -> send("GET", "/api/v1/me", null, t), null));
            List<String> sessions = Collections.synchronizedList(new ArrayList<>());
            launchRates.add(rate(tokens, t -> {
                String body = send("POST", "/api/v1/desktops/desktop/sessions", "", t);
                sessions.add(field(body, "id") + " " + t);
                return body;
            }, launchLatencies));
            say("round " + r + ": GET /me " + fmt(meRates.getLast()) + "/s, launch " + fmt(launchRates.getLast()) + "/s");
            if (r < rounds) {
                parallel(sessions.size(), i -> {
                    String[] st = sessions.get(i).split(" ");
                    return send("DELETE", "/api/v1/sessions/" + st[0], null, st[1]);
                });
                guests.replaceAll((id, g) -> new String[] {g[0], "STOPPED", g[2]});
                beatAll();
                guests.clear();
            }
        }
        // The last round's sessions stay RUNNING: the heartbeats below carry them.
        guests.replaceAll((id, g) -> new String[] {g[0], "RUNNING", g[2]});
        beatAll();
        say("heartbeat cost: " + windowSeconds + " s without heartbeats, then " + windowSeconds + " s of "
                + hosts + " hosts beating every 3 s");
        double idle = cpuDuring(windowSeconds, false);
        AtomicInteger beats = new AtomicInteger();
        List<Long> beatLatencies = Collections.synchronizedList(new ArrayList<>());
        double busy = cpuDuring(windowSeconds, true, beats, beatLatencies);
        double perBeatMs = (busy - idle) * 1000 / beats.get();
        System.out.printf("""
                {"hosts":%d,"users":%d,"clients":%d,"rounds":%d,"meRates":%s,"launchRates":%s,
                 "launchP50Ms":%.1f,"launchP95Ms":%.1f,"guestsPerHost":%.1f,"idleCpuS":%.3f,"beatCpuS":%.3f,
                 "heartbeats":%d,"cpuMsPerHeartbeat":%.2f,"heartbeatP50Ms":%.1f,"windowS":%d}
                """, hosts, users, clients, rounds, meRates, launchRates, pct(launchLatencies, 50), pct(launchLatencies, 95),
                (double) guests.size() / hosts, idle, busy, beats.get(), perBeatMs, pct(beatLatencies, 50), windowSeconds);
        agent.stop(0);
    }

    /** Requests/s of one call per token, {@code clients} at a time. */
    double rate(List<String> tokens, java.util.function.Function<String, String> call, List<Long> latencies)
            throws Exception {
        long start = System.nanoTime();
        parallel(tokens.size(), i -> {
            long t0 = System.nanoTime();
            String r = call.apply(tokens.get(i));
            if (latencies != null) {
                latencies.add(System.nanoTime() - t0);
            }
            return r;
        });
        return tokens.size() / ((System.nanoTime() - start) / 1e9);
    }

    double cpuDuring(int seconds, boolean beating) throws Exception {
        return cpuDuring(seconds, beating, new AtomicInteger(), new ArrayList<>());
    }

    /** Server CPU seconds (user + system) over the window; with heartbeats every 3 s per host, spread out. */
    double cpuDuring(int seconds, boolean beating, AtomicInteger beats, List<Long> latencies) throws Exception {
        long before = cpuTicks();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long slot = 3_000_000_000L / hosts;
        int next = 0;
        while (System.nanoTime() < end) {
            if (beating) {
                long t0 = System.nanoTime();
                beat(next);
                latencies.add(System.nanoTime() - t0);
                beats.incrementAndGet();
                next = (next + 1) % hosts;
                long wait = slot - (System.nanoTime() - t0);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            } else {
                Thread.sleep(100);
            }
        }
        return (cpuTicks() - before) / 100.0;
    }

    /** CPU ticks of the server and its embedded PostgreSQL (the postmaster and backends are its descendants). */
    long cpuTicks() {
        return java.util.stream.Stream.concat(Stream.of(serverPid),
                        ProcessHandle.of(serverPid).orElseThrow().descendants().map(ProcessHandle::pid))
                .mapToLong(FarmBench::ticks).sum();
    }

    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException gone) {
            return 0;
        }
    }

    void startAgent() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        agent.setExecutor(Executors.newFixedThreadPool(4));
        agent.createContext("/", ex -> {
            String[] path = ex.getRequestURI().getPath().split("/"); // "", host, api, v1, guests, [id]
            String body = "{}";
            if ("POST".equals(ex.getRequestMethod())) {
                String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = "g-" + ids.incrementAndGet();
                guests.put(id, new String[] {path[1], "RUNNING", field(request, "user")});
                body = "{\"id\":\"" + id + "\",\"state\":\"STARTING\"}";
            } else if ("DELETE".equals(ex.getRequestMethod())) {
                guests.computeIfPresent(path[5], (k, g) -> new String[] {g[0], "STOPPED", g[2]});
                body = "{\"id\":\"" + path[5] + "\",\"state\":\"STOPPING\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(202, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        agent.start();
    }

    void beatAll() throws Exception {
        for (int h = 0; h < hosts; h++) {
            beat(h);
        }
    }

    void beat(int h) {
        String name = "bench-host-" + h;
        StringBuilder list = new StringBuilder();
        String now = Instant.now().toString();
        guests.forEach((id, g) -> {
            if (g[0].equals(name)) {
                list.append(list.isEmpty() ? "" : ",").append(String.format(
                        "{\"id\":\"%s\",\"user\":\"%s\",\"state\":\"%s\",\"memoryMiB\":512,\"createdAt\":\"%s\","
                                + "\"viewers\":1,\"lastInputAt\":\"%s\"}", id, g[2], g[1], now, now));
            }
        });
        String url = "http://127.0.0.1:" + agent.getAddress().getPort() + "/" + name;
        send("POST", "/api/v1/farm/heartbeat", String.format("""
                {"name":"%s","url":"%s","cpus":64,"memoryTotalMib":1048576,"memoryFreeMib":900000,
                 "capacityMib":1048576,"load":1.0,"guests":[%s],
                 "images":[{"image":"bench","id":"%s","sha256":"%s","cmdline":"console=ttyS0","screenWidth":1024,
                 "screenHeight":768}]}""", name, url, list, SHA.substring(0, 16), SHA), token);
    }

    String token(String user, String password) {
        return field(send("POST", "/api/v1/auth/token",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", null), "token");
    }

    String send(String method, String path, String json, String bearer) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            r.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T> List<T> parallel(int n, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> task.apply(k)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    static String fmt(double d) {
        return String.format("%.1f", d);
    }

    static void say(String s) {
        System.err.println("farm-bench: " + s);
    }
}
