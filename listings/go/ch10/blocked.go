// Goroutines blocked in a system call each keep an OS thread, but they do
// not count against GOMAXPROCS: the runtime starts other threads to run
// the goroutines that can run.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
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
	const readers = 4
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	fmt.Println("OS threads at start:", threads())
	var writeEnds []int
	var wg sync.WaitGroup
	for i := 0; i < readers; i++ {
		var fds [2]int
		if err := syscall.Pipe(fds[:]); err != nil {
			panic(err)
		}
		writeEnds = append(writeEnds, fds[1])
		wg.Add(1)
		go func(readEnd int) {
			defer wg.Done()
			// A plain read(2) of an empty pipe: the thread that makes it
			// sleeps in the kernel until a byte arrives.
			if _, err := syscall.Read(readEnd, make([]byte, 1)); err != nil {
				panic(err)
			}
		}(fds[0])
	}
	time.Sleep(200 * time.Millisecond)
	during := threads()
	for _, writeEnd := range writeEnds {
		if _, err := syscall.Write(writeEnd, []byte{1}); err != nil {
			panic(err)
		}
	}
	wg.Wait()
	fmt.Println("OS threads with", readers, "goroutines blocked in read:", during)
}
