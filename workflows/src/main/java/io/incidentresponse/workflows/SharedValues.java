package io.incidentresponse.workflows;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Equal values kept once in this JVM while something holds them: a worker with thousands of open
 * incidents would otherwise hold thousands of equal copies of what each incident's input or answer
 * carries (the response policy, the worker's capabilities). Keyed by the value's text, which for
 * the records kept here lists every map in its order: two values equal as maps but ordered
 * differently are different values here, because workflow code walks them in order. A value nothing
 * holds any more goes.
 *
 * @param <T> an immutable value whose {@code toString()} names all of its content in order
 */
public final class SharedValues<T> {
  private final Map<String, WeakReference<T>> kept = new HashMap<>();

  /** The value {@link #shared} answered last: asked again, it answers at once. */
  private volatile WeakReference<T> last = new WeakReference<>(null);

  /**
   * The one instance in this JVM with the same content, in the same order, as {@code value} ({@code
   * value} itself, the first time). Safe to share: the values are immutable; workflow code that
   * uses the answer does exactly what it would with {@code value}.
   */
  public T shared(T value) {
    // the starter passes its one configured policy on every signal-with-start: known without
    // rendering the whole value as text again
    if (last.get() == value) {
      return value;
    }
    String key = value.toString();
    synchronized (kept) {
      WeakReference<T> same = kept.get(key);
      T found = same == null ? null : same.get();
      if (found != null) {
        last = same;
        return found;
      }
      kept.values().removeIf(gone -> gone.get() == null);
      WeakReference<T> added = new WeakReference<>(value);
      kept.put(key, added);
      last = added;
      return value;
    }
  }
}
