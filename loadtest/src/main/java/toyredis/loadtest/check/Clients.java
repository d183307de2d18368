package toyredis.loadtest.check;

import java.time.Duration;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/** Opens RESP connections (Jedis) to the server under check, each bounded by the check's timeout. */
record Clients(String host, int port, Duration timeout) {

    int timeoutMillis() {
        return (int) timeout.toMillis();
    }

    Jedis open() {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis())
                .socketTimeoutMillis(timeoutMillis())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED) // only the commands the check means to send
                .build();
        return new Jedis(new HostAndPort(host, port), config);
    }
}
