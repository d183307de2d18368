package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.protocol.Codec;
import toyredis.loadtest.protocol.KeySpace;
import toyredis.loadtest.protocol.Op;
import toyredis.loadtest.protocol.Protocol;
import toyredis.loadtest.protocol.ProtocolException;
import toyredis.loadtest.protocol.Reply;

class CodecTest {

    private final KeySpace keys = new KeySpace(100, 5);
    private final Codec resp = Protocol.RESP.codec(keys);
    private final Codec inline = Protocol.INLINE.codec(keys);
    private final Reply reply = new Reply();

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String request(Codec codec, Op op, int key) {
        ByteBuffer out = ByteBuffer.allocate(256);
        codec.writeRequest(out, op, key);
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestsAreWrittenInEachProtocol() {
        String value = new String(keys.valueOf(42), StandardCharsets.US_ASCII);
        assertThat(request(resp, Op.SET, 42))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$5\r\n" + value + "\r\n");
        assertThat(request(resp, Op.INCR, 7)).isEqualTo("*2\r\n$4\r\nINCR\r\n$20\r\ncounter:000000000007\r\n");
        assertThat(request(inline, Op.GET, 42)).isEqualTo("GET key:000000000042\r\n");
        assertThat(request(inline, Op.PING, 0)).isEqualTo("PING\r\n");
        assertThat(resp.maxRequestBytes()).isEqualTo(request(resp, Op.SET, 1).length());
    }

    @Test
    void respRepliesOfEachTypeAreRead() throws ProtocolException {
        ByteBuffer in = bytes("+OK\r\n-ERR no\r\n:42\r\n$3\r\nabc\r\n$-1\r\n");
        assertThat(resp.readReply(in, reply)).isTrue();
        assertThat(reply.kind).isEqualTo(Reply.Kind.STATUS);
        assertThat(resp.readReply(in, reply)).isTrue();
        assertThat(reply.kind).isEqualTo(Reply.Kind.ERROR);
        assertThat(resp.readReply(in, reply)).isTrue();
        assertThat(reply.kind).isEqualTo(Reply.Kind.INTEGER);
        assertThat(resp.readReply(in, reply)).isTrue();
        assertThat(reply.kind).isEqualTo(Reply.Kind.BULK);
        assertThat(reply.end - reply.start).isEqualTo(3);
        assertThat(resp.readReply(in, reply)).isTrue();
        assertThat(reply.kind).isEqualTo(Reply.Kind.NIL);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aReplyThatHasNotFullyArrivedIsLeftForLater() throws ProtocolException {
        for (String partial : new String[] {"", "+OK", "+OK\r", "$3\r\nab", "$3\r\nabc\r"}) {
            ByteBuffer in = bytes(partial);
            assertThat(resp.readReply(in, reply)).as(partial).isFalse();
            assertThat(in.position()).isZero();
        }
        assertThat(inline.readReply(bytes("PON"), reply)).isFalse();
    }

    @Test
    void malformedRespIsAProtocolError() {
        assertThatThrownBy(() -> resp.readReply(bytes("?x\r\n"), reply)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> resp.readReply(bytes("+PONG\n"), reply)).hasMessageContaining("without \\r");
        assertThatThrownBy(() -> resp.readReply(bytes("$2\r\nabc\r\n"), reply)).hasMessageContaining("not followed");
        assertThatThrownBy(() -> resp.readReply(bytes(":4x\r\n"), reply)).hasMessageContaining("bad number");
    }

    @Test
    void repliesAreCheckedAgainstTheRequest() throws ProtocolException {
        String value = new String(keys.valueOf(3), StandardCharsets.US_ASCII);
        assertThat(check(resp, "$5\r\n" + value + "\r\n", Op.GET, 3)).isNull();
        assertThat(check(resp, "$5\r\n" + value + "\r\n", Op.GET, 4)).isEqualTo(ErrorKind.WRONG_VALUE);
        assertThat(check(resp, "$-1\r\n", Op.GET, 3)).isEqualTo(ErrorKind.WRONG_VALUE);
        assertThat(check(resp, "+" + value + "\r\n", Op.GET, 3)).as("a status is not a bulk string").isEqualTo(ErrorKind.WRONG_VALUE);
        assertThat(check(resp, ":17\r\n", Op.INCR, 3)).isNull();
        assertThat(check(resp, ":0\r\n", Op.INCR, 3)).isEqualTo(ErrorKind.WRONG_VALUE);
        assertThat(check(resp, "-ERR x\r\n", Op.SET, 3)).isEqualTo(ErrorKind.ERROR_REPLY);
        assertThat(check(inline, value + "\n", Op.GET, 3)).isNull();
        assertThat(check(inline, "(nil)\n", Op.GET, 3)).isEqualTo(ErrorKind.WRONG_VALUE);
        assertThat(check(inline, "17\r\n", Op.INCR, 3)).isNull();
        assertThat(check(inline, "OK\n", Op.SET, 3)).isNull();
        assertThat(check(inline, "ERR unknown command 'SET'\n", Op.SET, 3)).isEqualTo(ErrorKind.ERROR_REPLY);
    }

    private ErrorKind check(Codec codec, String text, Op op, int key) throws ProtocolException {
        ByteBuffer in = bytes(text);
        assertThat(codec.readReply(in, reply)).isTrue();
        return codec.check(op, key, reply, in);
    }

    @Test
    void neighbouringKeysHaveDifferentValues() {
        assertThat(keys.valueOf(1)).isNotEqualTo(keys.valueOf(2));
        assertThat(new KeySpace(10, 20).valueOf(5)).hasSize(20);
    }
}
