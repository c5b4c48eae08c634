package dev.ventana.server.gateway;

import dev.ventana.server.broker.DisplayPolicy;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.fuzz.Budget;
import dev.ventana.server.fuzz.HostileBytes;
import dev.ventana.server.fuzz.VectorSeeds;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.web.socket.BinaryMessage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes through the gateway (docs/benchmarks.md, "Hostile bytes: fuzz runs"): a relay
 * reads only a message's type and a SET_SIZE's two sides, but it reads them from both a browser and
 * a host. Whatever either sends, the relay throws nothing, passes on only what the pool's rules and
 * the viewer's mode allow, and closes a browser that floods it before the host answers. Tries:
 * jqwik's default; bench/fuzz/run.sh raises them.
 */
class RelayFuzzTest {
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 8L << 20, t -> false);
    private static final Set<Byte> SHADOW_TYPES = Set.of((byte) 0x81, (byte) 0x85, (byte) 0x86, (byte) 0x87);
    private static final RelayMeter METER = new RelayMeter() {
        @Override
        public void toBrowser(int bytes) {
        }

        @Override
        public void toHost(int bytes) {
        }

        @Override
        public void firstFrame(Instant launchedAt) {
        }
    };

    /** What one connection brings: the pool's rules, the browser's messages, when the host answers, the host's messages. */
    record Run(DisplayRules rules, List<byte[]> fromBrowser, int hostAnswersAfter, List<byte[]> fromHost) {
    }

    @Property
    void whateverEitherSideSendsOnlyWhatTheRulesAllowPasses(@ForAll("runs") Run run) {
        FakeBrowserSession browser = new FakeBrowserSession();
        FakeHostSocket host = new FakeHostSocket();
        BUDGET.check(run.fromBrowser().isEmpty() ? new byte[0] : run.fromBrowser().getLast(), () -> {
            Relay relay = new Relay(browser, DisplayRelay.MAX_MESSAGE_BYTES, new BinaryMessage(new byte[] {0x20}),
                    new RelayTally(METER, Instant.EPOCH), run.rules());
            relay.greet();
            for (int i = 0; i < run.fromBrowser().size(); i++) {
                if (i == run.hostAnswersAfter()) {
                    relay.hostConnected(host);
                }
                relay.toHost(new BinaryMessage(run.fromBrowser().get(i)));
            }
            run.fromHost().forEach(relay::fromHost);
        });
        DisplayRules rules = run.rules();
        host.received.forEach(m -> assertAllowedToHost(rules, m));
        assertThat(browser.received.getFirst()[0]).isEqualTo(DisplayRules.SETTINGS);
        for (byte[] m : browser.received.subList(1, browser.received.size())) {
            assertThat(m.length > 0 && m[0] == NoticeMessages.NOTICE).as("a host's NOTICE is the server's to send").isFalse();
            if (m.length > 0 && m[0] == DisplayRules.HOST_CLIPBOARD) {
                assertThat(rules.mode() == ViewerMode.USER && rules.policy().clipboard().toBrowser()).isTrue();
            }
        }
        long queued = run.fromBrowser().stream().limit(run.hostAnswersAfter()).map(ByteBuffer::wrap)
                .filter(m -> rules.mode().passes(m) && rules.toHost(m) != null).count();
        if (queued > Relay.EARLY_MESSAGES) {
            assertThat(browser.closed.getCode()).isEqualTo(ErrorKind.TOO_MANY_REQUESTS.closeCode());
        }
    }

    private static void assertAllowedToHost(DisplayRules rules, byte[] m) {
        if (m.length == 0) { // malformed, so it goes on for the host to refuse, but never a shadow's
            assertThat(rules.mode()).isEqualTo(ViewerMode.USER);
            return;
        }
        if (rules.mode() == ViewerMode.SHADOW) {
            assertThat(SHADOW_TYPES).contains(m[0]);
        }
        if (m[0] == DisplayRules.BROWSER_CLIPBOARD) {
            assertThat(rules.policy().clipboard().toGuest()).isTrue();
        }
        if (m[0] == DisplayRules.SET_SIZE) {
            assertThat(rules.policy().resize()).isTrue();
            if (m.length == 5) {
                ByteBuffer b = ByteBuffer.wrap(m);
                assertThat(Short.toUnsignedInt(b.getShort(1))).isLessThanOrEqualTo(rules.policy().maxWidth());
                assertThat(Short.toUnsignedInt(b.getShort(3))).isLessThanOrEqualTo(rules.policy().maxHeight());
            }
        }
    }

    @Provide
    Arbitrary<Run> runs() {
        List<byte[]> browserSeeds = new ArrayList<>(VectorSeeds.load("browser-to-host.json"));
        browserSeeds.addAll(VectorSeeds.load("invalid-browser-to-host.json"));
        List<byte[]> hostSeeds = new ArrayList<>(VectorSeeds.load("host-to-browser.json"));
        hostSeeds.addAll(VectorSeeds.load("batches.json"));
        hostSeeds.add(new byte[] {0x06, 'h', 'i'});
        hostSeeds.add(new byte[] {0x20, '{', '}'});
        Arbitrary<byte[]> browser = Arbitraries.oneOf(HostileBytes.mutationsOf(browserSeeds, 4096),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16));
        Arbitrary<byte[]> fromHost = Arbitraries.oneOf(HostileBytes.mutationsOf(hostSeeds, 4096),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16));
        Arbitrary<DisplayPolicy> policy = Combinators.combine(Arbitraries.of(DisplayPolicy.Clipboard.class),
                Arbitraries.of(true, false), Arbitraries.integers().between(DisplayPolicy.MIN_WIDTH, DisplayPolicy.MAX_WIDTH),
                Arbitraries.integers().between(DisplayPolicy.MIN_HEIGHT, DisplayPolicy.MAX_HEIGHT)).as(DisplayPolicy::new);
        Arbitrary<DisplayRules> rules = Combinators.combine(policy, Arbitraries.of(ViewerMode.class)).as(DisplayRules::new);
        // Now and then more than the early queue holds, so the flood's close is reached too.
        Arbitrary<List<byte[]>> browserRun = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, browser.list().ofMaxSize(12)),
                net.jqwik.api.Tuple.of(1, browser.list().ofMinSize(Relay.EARLY_MESSAGES).ofMaxSize(Relay.EARLY_MESSAGES + 4)));
        return Combinators.combine(rules, browserRun, Arbitraries.integers().between(0, 80), fromHost.list().ofMaxSize(8))
                .as(Run::new);
    }
}
