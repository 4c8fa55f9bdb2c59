package io.msupgrade.render.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** FmtCheck against layouts that terraform fmt (1.11) keeps, and ones it rewrites. */
class FmtCheckTest {

    private static final String CANONICAL = """
            locals {
              aaaa = 1
              b = {
                x = 1
              }
              c       = 1
              dddd    = 2
              eeeeeee = { k = "${var.a}-${var.b}" }
              f       = "x" # trailing
              ggg     = "y" # comment two
              # a comment ends the run
              h = 4


              i = merge(
                local.a,
                { for k, v in var.m : k => v if v == "{" },
              )
              users = [{
                name = "x"
              }]
            }
            """;

    @Test
    void canonicalLayoutPasses() throws IOException {
        assertEquals(List.of(), FmtCheck.check("ok.tf", CANONICAL));
        assertNull(Hcl.parseError(CANONICAL), "the sample itself is valid HCL");
    }

    @Test
    void unalignedRunIsReported() {
        List<String> p = FmtCheck.check("x.tf", "a {\n  x = 1\n  long = 2\n}\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("x.tf:2:"), p.toString());
    }

    @Test
    void alignmentAcrossAMultiLineValueIsReported() {
        // terraform fmt does not align a one-line attribute with a multi-line one.
        List<String> p = FmtCheck.check("x.tf", "a {\n  x    = 1\n  long = {\n    y = 1\n  }\n}\n");
        assertFalse(p.isEmpty());
    }

    @Test
    void wrongIndentIsReported() {
        assertFalse(FmtCheck.check("x.tf", "a {\n    x = 1\n}\n").isEmpty());
        assertFalse(FmtCheck.check("x.tf", "a {\n  b {\n  x = 1\n  }\n}\n").isEmpty());
        assertFalse(FmtCheck.check("x.tf", "a {\n\tx = 1\n}\n").isEmpty());
    }

    @Test
    void whitespaceAndLineEndsAreReported() {
        assertFalse(FmtCheck.check("x.tf", "a {\n  x = 1 \n}\n").isEmpty(), "trailing space");
        assertFalse(FmtCheck.check("x.tf", "a {\n  x = 1\n}").isEmpty(), "no final newline");
        assertFalse(FmtCheck.check("x.tf", "a {\n  x = 1\n}\n\n").isEmpty(), "two final newlines");
        assertFalse(FmtCheck.check("x.tf", "a {\r\n  x = 1\r\n}\r\n").isEmpty(), "CRLF");
        assertFalse(FmtCheck.check("x.tf", "a {\n  x =  1\n}\n").isEmpty(), "two spaces after =");
        assertFalse(FmtCheck.check("x.tf", "a {\n  x  = {\n    y = 1\n  }\n}\n").isEmpty(), "two spaces before =");
        assertFalse(FmtCheck.check("x.tf", "a {\n  x = 1 # a\n  yy = 2 # b\n}\n").isEmpty(), "comments");
    }

    @Test
    void bracketsInStringsDoNotIndent() {
        assertEquals(List.of(), FmtCheck.check("x.tf", "a {\n  x = \"{[(\"\n  y = \"$${x}\"\n}\n"));
    }
}
