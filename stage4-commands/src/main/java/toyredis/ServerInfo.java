package toyredis;

/** Facts about this server that INFO, HELLO and CONFIG GET report. */
record ServerInfo(int port, StoreKind store, ThreadMode threads) {

    /**
     * The Redis version whose behaviour stage 4 copies. Clients read it (HELLO, INFO) to decide
     * which commands they may use, so it must be a real Redis version, not ours.
     */
    static final String REDIS_VERSION = "7.0.0";
}
