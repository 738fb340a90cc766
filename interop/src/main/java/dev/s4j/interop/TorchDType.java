package dev.s4j.interop;

/** The element types of PyTorch storages, by the storage class a torch.save pickle names. */
enum TorchDType {
    FLOAT32("FloatStorage", "float32", 4),
    FLOAT64("DoubleStorage", "float64", 8),
    FLOAT16("HalfStorage", "float16", 2),
    BFLOAT16("BFloat16Storage", "bfloat16", 2),
    INT64("LongStorage", "int64", 8),
    INT32("IntStorage", "int32", 4),
    INT16("ShortStorage", "int16", 2),
    INT8("CharStorage", "int8", 1),
    UINT8("ByteStorage", "uint8", 1),
    BOOL("BoolStorage", "bool", 1),
    COMPLEX64("ComplexFloatStorage", "complex64", 8),
    COMPLEX128("ComplexDoubleStorage", "complex128", 16);

    private final String storageClass;
    private final String torchName;
    private final int size;

    TorchDType(String storageClass, String torchName, int size) {
        this.storageClass = storageClass;
        this.torchName = torchName;
        this.size = size;
    }

    /** PyTorch's name of the dtype, as in {@code torch.float32}. */
    String torchName() {
        return torchName;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** The dtype of storage class {@code torch.<name>}, or null. */
    static TorchDType ofStorageClass(String name) {
        for (TorchDType t : values()) {
            if (t.storageClass.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
