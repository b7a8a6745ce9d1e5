package io.eventhubsnative.spark.config;

import java.io.Serializable;
import java.util.Comparator;

/** Orders partition ids, decimal strings, as numbers ("2" before "10"). */
public final class NumericOrder implements Comparator<String>, Serializable {

    public static final NumericOrder INSTANCE = new NumericOrder();
    private static final long serialVersionUID = 1L;

    private NumericOrder() {}

    @Override
    public int compare(String a, String b) {
        int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
