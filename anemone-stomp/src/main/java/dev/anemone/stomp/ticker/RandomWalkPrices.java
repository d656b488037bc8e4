package dev.anemone.stomp.ticker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;

/** Made-up prices: each symbol starts between 20 and 500 and moves by up to 1% a look-up. */
public final class RandomWalkPrices implements ToDoubleFunction<String> {

    private final Map<String, Double> last = new ConcurrentHashMap<>();

    @Override
    public double applyAsDouble(String symbol) {
        return last.compute(symbol, (s, price) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            double next = price == null ? 20 + random.nextDouble(480) : price * (1 + random.nextDouble(-0.01, 0.01));
            return Math.round(next * 100) / 100.0;
        });
    }
}
