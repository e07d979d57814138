package badgeimage

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLook writes default badges to $BADGE_SHOTS for people to look at.
func TestLook(t *testing.T) {
	dir := os.Getenv("BADGE_SHOTS")
	if dir == "" {
		t.Skip("set BADGE_SHOTS to a directory to write the default badges there")
	}
	for name, b := range map[string]Badge{
		"latin":  {ID: "project-trainer", Name: "Project Trainer", Issuer: "Riverside Skill Exchange"},
		"long":   {ID: "community-first-aid", Name: "Community First Aid and Emergency Response Trainer", Issuer: "Riverside Skill Exchange"},
		"arabic": {ID: "mentor", Name: "مرشد المجتمع المتميز", Issuer: "تبادل المهارات"},
		"cjk":    {ID: "wiki-editor", Name: "维基百科编辑入门与社区贡献者", Issuer: "河畔技能交流"},
		"hindi":  {ID: "circle-host", Name: "सामुदायिक मंडल संचालक", Issuer: "Riverside Skill Exchange"},
	} {
		os.WriteFile(filepath.Join(dir, name+".svg"), DefaultSVG(b), 0o644)
		os.WriteFile(filepath.Join(dir, name+".png"), DefaultPNG(b), 0o644)
	}
}
