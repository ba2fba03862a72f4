// Goroutines that wait the Go way, on an os.File pipe or in time.Sleep,
// hold no OS thread: the runtime parks them and their thread runs other
// goroutines.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// threads counts this process's OS threads, one entry each in /proc/self/task.
func threads() int {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		panic(err)
	}
	return len(entries)
}

func main() {
	const waiters = 4
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	fmt.Println("OS threads at start:", threads())
	var writers []*os.File
	var wg sync.WaitGroup
	for i := 0; i < waiters; i++ {
		reader, writer, err := os.Pipe()
		if err != nil {
			panic(err)
		}
		writers = append(writers, writer)
		wg.Add(2)
		go func() {
			defer wg.Done()
			// The os package hands the pipe to the runtime's poller.
			if _, err := reader.Read(make([]byte, 1)); err != nil {
				panic(err)
			}
		}()
		go func() {
			defer wg.Done()
			time.Sleep(400 * time.Millisecond)
		}()
	}
	time.Sleep(200 * time.Millisecond)
	during := threads()
	for _, writer := range writers {
		if _, err := writer.Write([]byte{1}); err != nil {
			panic(err)
		}
	}
	wg.Wait()
	fmt.Println("OS threads with", waiters, "goroutines reading pipes and", waiters, "asleep:", during)
}
