package main

import (
	"bufio"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"

	bt "cairn/views/browsertest"
)

// csvOfSize writes a people CSV of at least size bytes and returns its path.
func (w *world) csvOfSize(name string, size int) string {
	path := filepath.Join(w.t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	b := bufio.NewWriterSize(f, 1<<20)
	n, _ := b.WriteString("name,email,job_title,department,seniority,timezone,external\n")
	for i := 0; n < size; i++ {
		m, _ := b.WriteString("Grace Hopper,grace@example.com,Admiral,Navy,9,UTC,false\n")
		n += m
	}
	if err := b.Flush(); err != nil {
		w.t.Fatal(err)
	}
	return path
}

// upload chooses a file in a file field, as picking it in the dialog does.
func upload(sel, path string) chromedp.Action[chromedp.Void] {
	return chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path}, chromedp.NodeVisible)
}

func adminUploadsATooLargeFile(w *world) bt.Journey {
	big := w.csvOfSize("people.csv", 9<<20)
	return bt.Journey{Name: "admin uploads a too large file", Steps: []bt.Step{
		bt.Do("sign in as the HR admin and open the people import",
			bt.SignIn(w.srv.AdminEmail, w.srv.AdminPassword), bt.Open("/people/import"), bt.See("h1", "Import people")),
		bt.Do("upload a 9 MB file: the page says it is too large, next to the file field",
			upload("#file", big), bt.PressExpecting(`main form[enctype] button[type=submit]`, 413),
			bt.At("/people/import/preview"), bt.See("h1", "Import people"),
			bt.See("#file-error", "This file is larger than 8 MB"), bt.FitsWidth()),
		bt.Do("sign out", bt.SignOut()),
	}}
}
