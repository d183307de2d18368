package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing table against a HashMap, over many keys: growth, deletes that shift
 * entries back, shrinking after a mass delete, and the walk the rewrite reads.
 */
class CompactStoreTest {

    @Test
    @Tag("lab6.2") // deletes: remove's backward shift and shrinking
    void behavesLikeAHashMapThroughGrowthDeletesAndShrinking() throws Exception {
        CompactStore store = (CompactStore) StoreKind.COMPACT.create(Journal.NONE, System::currentTimeMillis);
        Map<String, String> model = new HashMap<>();
        Random random = new Random(6);
        for (int op = 0; op < 250_000; op++) {
            String key = "key:" + random.nextInt(20_000);
            if (op < 150_000 ? random.nextInt(3) == 0 : random.nextInt(20) > 0) { // then a mass delete
                assertThat(store.delete(bytes(key))).as("delete %s at op %d", key, op).isEqualTo(model.remove(key) != null);
            } else {
                String value = "v" + op;
                store.set(bytes(key), bytes(value), Store.SetCondition.ALWAYS);
                model.put(key, value);
            }
            if (op % 10_000 == 0) { // the walk, in tables of many sizes and fillings
                assertThat(walk(store)).as("every entry, once, at op %d", op).isEqualTo(model);
            }
        }
        for (int i = 0; i < 20_000; i++) { // every key ever used, present or not
            String key = "key:" + i;
            byte[] value = store.get(bytes(key));
            assertThat(value == null ? null : text(value)).as(key).isEqualTo(model.get(key));
        }
        assertThat(store.size()).isEqualTo(model.size());
        assertThat(walk(store)).as("every entry, once").isEqualTo(model);
        assertThat(store.slots()).as("the table shrank after the mass delete").isLessThan(32_768);
    }

    /** What the rewrite would write: every entry the walk visits, none of them twice. */
    private static Map<String, String> walk(Store store) throws Exception {
        Map<String, String> walked = new HashMap<>();
        store.forEach((key, value, deadline) -> assertThat(walked.put(text(key), text(value))).as("%s visited twice", text(key)).isNull());
        return walked;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
