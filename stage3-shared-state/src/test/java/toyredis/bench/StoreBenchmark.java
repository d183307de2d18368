package toyredis.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import toyredis.Store;
import toyredis.StoreKind;

/**
 * The stores without the network: how many operations per microsecond all threads together
 * get through. {@link RunBenchmarks} runs this with 1 and 2 threads. Three forks (three fresh
 * JVMs, each compiling the code its own way) of 3 x 1 s warm-up and 5 x 1 s measured: on two
 * shared cores one fork of three iterations gave error bars wider than the scores. The sweep
 * takes about 14 minutes; JMH options on the command line override these.
 *
 * <p>{@code unsafe} is included as the no-guard baseline only: its write workloads race, so its
 * INCR counts are wrong and its numbers show the cost of nothing, not of a correct store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreBenchmark {

    static final int KEYS = 1_000;

    @Param({"channel", "atom", "concurrent", "locked", "unsafe"})
    public String store;

    private Store map;
    private final String[] keys = new String[KEYS];

    @Setup(Level.Trial)
    public void fill() {
        map = StoreKind.valueOf(store.toUpperCase()).create();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key:" + i;
            map.set(keys[i], "value " + i);
        }
        map.set("counter", "0");
    }

    @TearDown(Level.Trial)
    public void close() {
        map.close();
    }

    /** GET or SET of a random key; {@code writePercent} of the operations are SETs. */
    private String mixed(int writePercent) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String key = keys[random.nextInt(KEYS)];
        if (random.nextInt(100) < writePercent) {
            map.set(key, "new value");
            return key;
        }
        return map.get(key);
    }

    /** 90 % GET, 10 % SET: a typical cache. */
    @Benchmark
    public String readHeavy90to10() {
        return mixed(10);
    }

    /** 50 % GET, 50 % SET: the "slightly write-heavy" workload of the concurrent-kv-store README. */
    @Benchmark
    public String writeHeavy50to50() {
        return mixed(50);
    }

    /** Every thread increments the same key: the worst case for contention. */
    @Benchmark
    public long hotKeyIncr() {
        return map.incr("counter");
    }
}
