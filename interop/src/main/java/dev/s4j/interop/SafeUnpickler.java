package dev.s4j.interop;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * The pickle reader of torch.save files. Every class a pickle names resolves here, never through
 * the library's global registry: {@code collections.OrderedDict}, PyTorch's tensor and parameter
 * rebuilders and storage classes get their meaning; anything else becomes an {@link Opaque}
 * placeholder. Storages (PyTorch's persistent ids) are read from the archive once each, by key.
 */
final class SafeUnpickler extends Unpickler {
    private final Function<String, byte[]> storageBytes;
    private final Map<String, TorchStorage> storages = new HashMap<>();


    SafeUnpickler(Function<String, byte[]> storageBytes) {
        this.storageBytes = storageBytes;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        if (key == Opcodes.GLOBAL) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            stack.add(resolve(module, name));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.STACK_GLOBAL) {
            Object name = stack.pop();
            Object module = stack.pop();
            stack.add(resolve(String.valueOf(module), String.valueOf(name)));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.SETITEMS) {                            // in the pickle's order (the library's own collects a HashMap)
            java.util.List<Object> items = stack.pop_all_since_marker();
            @SuppressWarnings("unchecked")
            Map<Object, Object> target = (Map<Object, Object>) stack.peek();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                target.put(items.get(i), items.get(i + 1));
            }
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.BUILD) {
            Object state = stack.pop();
            Object target = stack.peek();
            if (target == null) {
                throw new PickleException("BUILD on None");
            }
            if (target instanceof Opaque o) {
                o.put("__state__", state);                       // kept as data
            } else if (!(target instanceof Map)) {
                throw new PickleException("cannot set the state of a " + target.getClass().getSimpleName());
            }                                                    // an OrderedDict's state is PyTorch's _metadata: not needed
            return NO_RETURN_VALUE;
        }
        return super.dispatch(key);
    }

    private static Object resolve(String module, String name) {
        String full = module + "." + name;
        if (full.equals("collections.OrderedDict")) {
            return (IObjectConstructor) args -> new LinkedHashMap<>();
        }
        if (full.equals("torch._utils._rebuild_tensor_v2")) {
            return (IObjectConstructor) SafeUnpickler::rebuildTensor;
        }
        if (full.equals("torch._utils._rebuild_parameter")) {
            return (IObjectConstructor) args -> args[0];
        }
        if (module.equals("torch")) {
            TorchDType t = TorchDType.ofStorageClass(name);
            if (t != null) {
                return t;
            }
        }
        return (IObjectConstructor) args -> new Opaque(full);
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof TorchStorage storage) || !(args[2] instanceof Object[])
                || !(args[3] instanceof Object[]) || !(args[1] instanceof Number)) {
            throw new PickleException("a tensor without its storage, offset, size or stride");
        }
        Object[] size = (Object[]) args[2];
        Object[] stride = (Object[]) args[3];
        int[] shape = new int[size.length];
        long[] steps = new long[size.length];
        for (int d = 0; d < size.length; d++) {
            shape[d] = Math.toIntExact(((Number) size[d]).longValue());
            steps[d] = ((Number) stride[d]).longValue();
        }
        return new TorchTensor(storage, ((Number) args[1]).longValue(), shape, steps);
    }

    /** PyTorch's persistent id of a storage: {@code ('storage', storage class, key, location, numel)}. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0]) || !(id[1] instanceof TorchDType dtype)) {
            throw new IllegalArgumentException("an unknown persistent object in the pickle (" + describe(pid) + ")");
        }
        String key = String.valueOf(id[2]);
        long numel = ((Number) id[4]).longValue();
        TorchStorage known = storages.get(key);
        if (known != null && (known.dtype() != dtype || known.count() != numel)) {
            throw new IllegalArgumentException("storage " + key + " is named twice, as " + known.count() + " " + known.dtype().torchName()
                    + " and as " + numel + " " + dtype.torchName());
        }
        return storages.computeIfAbsent(key, k -> {
            byte[] bytes = storageBytes.apply(k);
            if (bytes.length != numel * dtype.size()) {
                throw new IllegalArgumentException("storage " + k + " has " + bytes.length + " bytes, " + numel + " " + dtype.torchName()
                        + " elements need " + numel * dtype.size() + " (a truncated file?)");
            }
            return new TorchStorage(k, dtype, bytes);
        });
    }

    private static String describe(Object o) {
        return o instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(o);
    }
}
