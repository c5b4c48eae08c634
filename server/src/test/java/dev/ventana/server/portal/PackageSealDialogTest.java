package dev.ventana.server.portal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The application id the Seal dialog proposes for a .desktop file the scan found. */
class PackageSealDialogTest {

    @Test
    void anIdIsTheFileNameMadeAnApplicationId() {
        assertThat(PackageSealDialog.idOf("gnumeric.desktop")).isEqualTo("gnumeric");
        assertThat(PackageSealDialog.idOf("org.gnome.Calculator.desktop")).isEqualTo("org-gnome-calculator");
        assertThat(PackageSealDialog.idOf("7zip_GUI.desktop")).as("starts with a letter").isEqualTo("zip-gui");
        assertThat(PackageSealDialog.idOf("a".repeat(40) + ".desktop")).hasSize(32);
        assertThat(PackageSealDialog.idOf("libreoffice-calc.desktop")).isEqualTo("libreoffice-calc");
        assertThat(PackageSealDialog.idOf(null)).isEmpty();
    }
}
