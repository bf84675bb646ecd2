package dev.phasecheck.rules.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import org.junit.jupiter.api.Test;

class PointerTest {
    @Test
    void aSchemaInstanceLocationBecomesAnEscapedPointer() {
        NodePath path = new NodePath(PathType.JSON_POINTER).append("input").append(3).append("a/b~c");
        assertEquals("/input/3/a~1b~0c", Pointer.of(path));
        assertEquals("", Pointer.of(new NodePath(PathType.JSON_POINTER)), "the whole document");
        assertEquals("", Pointer.of(null));
    }
}
